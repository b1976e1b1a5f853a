"""The information texts read or given to the patient, by version.

A published version is never edited: a new wording gets a new version. Each recorded consent
keeps the version and the SHA-256 of the exact text, so that what the patient was told can be
proved later.
"""

import hashlib
from dataclasses import dataclass

from maillage.patients.models import ConsentKind


@dataclass(frozen=True)
class Wording:
    kind: str
    version: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


WORDINGS: list[Wording] = [
    Wording(
        ConsentKind.SHARING,
        "2026-1",
        "Le dispositif d'appui à la coordination vous accompagne dans votre parcours de santé. "
        "Pour cela, les professionnels qui vous suivent (votre équipe de soins : médecin "
        "traitant, infirmier, pharmacien, services d'aide, coordinateurs du dispositif…) "
        "échangent et partagent les informations strictement nécessaires à votre prise en "
        "charge (article L.1110-4 du code de la santé publique). Chaque professionnel ne voit "
        "que les informations utiles à son intervention. Vous pouvez à tout moment vous opposer "
        "à ce partage, pour toute l'équipe ou pour un professionnel nommé, sans conséquence sur "
        "la qualité de vos soins. Vous pouvez demander l'accès à votre dossier, sa rectification "
        "et savoir qui l'a consulté.",
    ),
    Wording(
        ConsentKind.OBJECTION,
        "2026-1",
        "Vous vous opposez à ce que les informations vous concernant soient partagées avec "
        "l'équipe de soins, ou avec les professionnels que vous nommez. Votre opposition prend "
        "effet immédiatement. Vous pouvez la retirer à tout moment.",
    ),
    Wording(
        ConsentKind.REUSE_OBJECTION,
        "2026-1",
        "Vous vous opposez à ce que les informations vous concernant soient utilisées, même "
        "sans votre nom, pour les statistiques d'activité du dispositif. Votre opposition prend "
        "effet immédiatement et n'a aucune conséquence sur votre accompagnement.",
    ),
]


def current_wording(kind: str) -> Wording:
    """The latest version of the wording for this kind of statement."""
    return [w for w in WORDINGS if w.kind == kind][-1]


def wording(kind: str, version: str) -> Wording | None:
    return next((w for w in WORDINGS if w.kind == kind and w.version == version), None)
