"""Autonomy: Katz ADL and Lawton IADL (the GIR is in `aggir`).

Katz ADL (Katz S et al. JAMA 1963;185:914-9): six basic activities (hygiène corporelle,
habillage, aller aux toilettes, locomotion/transferts, continence, repas). Choice: we use the
French scoring in common geriatric use (1 autonome, 0,5 aide partielle, 0 dépendant; total 0–6)
rather than the original dichotomous 0/1; bands after the Hartford Institute's reading of the
index (6 full function, ≤ 2 severe impairment): 6 autonome, 2,5–5,5 dépendance partielle, 0–2
dépendance sévère.

Lawton IADL (Lawton MP, Brody EM. Gerontologist 1969;9:179-86): eight instrumental activities,
each scored 1 (done, possibly in a limited way as the original form allows) or 0; total 0–8.
Choice: all eight items are scored for everyone (the 1969 form scored only five for men). No
validated cut-off exists: 8 is full instrumental autonomy, below 8 the person needs help for at
least one activity; the score is followed over time.
"""

from maillage.assessments.instruments.base import Item, PointsInstrument, bands, choices

_KATZ_LEVELS = choices(
    (1, "Autonome", "1"),
    (0.5, "Aide partielle", "0.5"),
    (0, "Dépendant", "0"),
)

KATZ = PointsInstrument(
    code="katz",
    short_name="Katz ADL",
    name="Échelle ADL de Katz (activités de base de la vie quotidienne)",
    version="1963-fr",
    domain="autonomy",
    items=(
        Item("1", "bathing", "Hygiène corporelle", _KATZ_LEVELS),
        Item("2", "dressing", "Habillage", _KATZ_LEVELS),
        Item("3", "toileting", "Aller aux toilettes", _KATZ_LEVELS),
        Item("4", "transferring", "Locomotion et transferts", _KATZ_LEVELS),
        Item("5", "continence", "Continence", _KATZ_LEVELS),
        Item("6", "feeding", "Repas", _KATZ_LEVELS),
    ),
    bands=bands(
        (0, "severe", "Dépendance sévère (score ≤ 2)"),
        (2.5, "partial", "Dépendance partielle"),
        (6, "independent", "Autonome pour les activités de base"),
    ),
    source="Katz S et al. JAMA 1963;185:914-9 ; cotation française 0 / 0,5 / 1.",
    licence="Domaine public.",
    notes=__doc__ or "",
    aliases=("adl",),
    higher_is_worse=False,
)


def _binary(done: str, not_done: str):
    return choices((1, done, 1), (0, not_done, 0))


LAWTON = PointsInstrument(
    code="lawton",
    short_name="Lawton IADL",
    name="Échelle IADL de Lawton (activités instrumentales de la vie quotidienne)",
    version="1969",
    domain="autonomy",
    items=(
        Item(
            "1",
            "telephone",
            "Téléphone",
            _binary("Utilise le téléphone, même de façon limitée", "N'utilise pas le téléphone"),
        ),
        Item(
            "2",
            "shopping",
            "Courses",
            _binary("Fait toutes ses courses seul(e)", "Aide nécessaire ou incapable"),
        ),
        Item(
            "3",
            "food_preparation",
            "Préparation des repas",
            _binary("Prévoit, prépare et sert des repas adaptés", "Repas à préparer ou inadaptés"),
        ),
        Item(
            "4",
            "housekeeping",
            "Entretien ménager",
            _binary("Participe à l'entretien, même avec aide", "Ne participe à aucune tâche"),
        ),
        Item(
            "5",
            "laundry",
            "Lessive",
            _binary("Fait sa lessive, au moins le petit linge", "Lessive faite par d'autres"),
        ),
        Item(
            "6",
            "transportation",
            "Transports",
            _binary(
                "Se déplace seul(e) ou accompagné(e) en transport en commun",
                "Déplacements limités au taxi ou à la voiture avec aide, ou aucun",
            ),
        ),
        Item(
            "7",
            "medications",
            "Prise des médicaments",
            _binary("Prend ses médicaments correctement seul(e)", "Préparation ou aide nécessaire"),
        ),
        Item(
            "8",
            "finances",
            "Gestion du budget",
            _binary("Gère son budget, au moins au quotidien", "Incapable de gérer l'argent"),
        ),
    ),
    bands=bands(
        (0, "needs_help", "Aide nécessaire pour au moins une activité instrumentale"),
        (8, "independent", "Autonome pour les activités instrumentales"),
    ),
    source="Lawton MP, Brody EM. Gerontologist 1969;9:179-86.",
    licence="Domaine public.",
    notes=__doc__ or "",
    aliases=("iadl",),
    higher_is_worse=False,
)
