"""Frailty: Gérontopôle Frailty Screening Tool (GFST), SEGA grid A, Fried phenotype.

GFST (Vellas B et al. J Nutr Health Aging 2013;17:629-31; Gérontopôle de Toulouse): six
questions (lives alone, involuntary weight loss, fatigue, mobility difficulties in the last 3
months, memory complaint, gait speed > 4 s for 4 m), each oui / non / ne sait pas; then the GP's
judgement « le patient vous paraît-il fragile ? » and, only when yes, whether the patient accepts
an assessment at the frailty day clinic (otherwise « non applicable »). The GFST is not a score:
the clinical judgement decides. The category comes from question 7; the score is the number of
« oui » to questions 1–6, kept for information.

SEGA, grid A (Schoevaerdts D et al. Rev Med Brux 2004;25:A387-93; modified SEGA, Oubaya N et al.
Age Ageing 2014;43:673-6): 13 items 0–2, total 0–26: ≤ 8 little frail, 9–11 frail, ≥ 12 very
frail.

Fried phenotype (Fried LP et al. J Gerontol A 2001;56:M146-56): five criteria met or not
(unintentional weight loss, exhaustion, weak grip strength, slow gait, low physical activity):
0 robust, 1–2 pre-frail, ≥ 3 frail.
"""

from decimal import Decimal

from maillage.assessments.instruments.base import (
    Choice,
    Item,
    PointsInstrument,
    Result,
    bands,
    choices,
    points_scale,
    yes_no,
)

_YES_NO_UNKNOWN = choices((True, "Oui", 1), (False, "Non", 0), ("nsp", "Ne sait pas", 0))
_GFST_JUDGEMENT = {
    True: ("frail", "Fragilité retenue par le médecin : évaluation de la fragilité à proposer"),
    False: ("not_frail", "Pas de fragilité retenue par le médecin"),
    "nsp": ("undetermined", "Fragilité non déterminée par le médecin"),
}


def _gfst_check(instrument: PointsInstrument, chosen: list[Choice | None]):
    judgement, accepts = chosen[6], chosen[7]
    if judgement is None or accepts is None:
        return []
    item = instrument.items[7]
    if judgement.value is True and accepts.value == "na":
        return [(item.ref, f"{instrument.title}, {item.display} : répondre oui ou non.")]
    if judgement.value is not True and accepts.value != "na":
        return [
            (
                item.ref,
                f"{instrument.title}, {item.display} : « non applicable » attendu quand le "
                "médecin ne retient pas de fragilité (item 7).",
            )
        ]
    return []


def _gfst_compute(instrument: PointsInstrument, chosen: list[Choice]) -> Result:
    signs = sum(1 for choice in chosen[:6] if choice.value is True)
    category, label = _GFST_JUDGEMENT[chosen[6].value]
    return Result(
        instrument=instrument.code,
        version=instrument.version,
        score=sum((c.points for c in chosen), Decimal(0)),
        category=category,
        label=label,
        details={
            "max": 6,
            "signs": signs,
            "accepts_day_clinic": {True: True, False: False, "na": None}[chosen[7].value],
        },
    )


GFST = PointsInstrument(
    code="gfst",
    short_name="GFST",
    name="Repérage de la fragilité du Gérontopôle de Toulouse (GFST)",
    version="2013",
    domain="autonomy",
    items=(
        Item("1", "lives_alone", "Vit seul(e)", _YES_NO_UNKNOWN),
        Item("2", "weight_loss", "Perte de poids involontaire (3 derniers mois)", _YES_NO_UNKNOWN),
        Item("3", "fatigue", "Plus fatigué(e) depuis 3 mois", _YES_NO_UNKNOWN),
        Item("4", "mobility", "Plus de difficultés à se déplacer depuis 3 mois", _YES_NO_UNKNOWN),
        Item("5", "memory", "Plainte de mémoire", _YES_NO_UNKNOWN),
        Item(
            "6", "gait_speed", "Vitesse de marche ralentie (plus de 4 s pour 4 m)", _YES_NO_UNKNOWN
        ),
        Item(
            "7",
            "gp_judgement",
            "Le patient paraît-il fragile au médecin ?",
            choices((True, "Oui", 0), (False, "Non", 0), ("nsp", "Ne sait pas", 0)),
        ),
        Item(
            "8",
            "accepts_day_clinic",
            "Accepte une évaluation de la fragilité en hôpital de jour",
            choices((True, "Oui", 0), (False, "Non", 0), ("na", "Non applicable", 0)),
        ),
    ),
    bands=bands((0, "screened", "Repérage réalisé")),
    source="Vellas B et al. J Nutr Health Aging 2013;17:629-31 (Gérontopôle de Toulouse).",
    licence="Libre d'utilisation (Gérontopôle de Toulouse).",
    notes=__doc__ or "",
    higher_is_worse=True,
    compute=_gfst_compute,
    check=_gfst_check,
)

_SEGA_ITEMS = [
    ("age", "Âge", ["74 ans ou moins", "75 à 84 ans", "85 ans ou plus"]),
    ("origin", "Provenance", ["Domicile", "Domicile avec aide", "Famille d'accueil, EHPAD"]),
    ("medications", "Médicaments", ["3 ou moins", "4 à 5", "6 ou plus"]),
    ("mood", "Humeur", ["Normale", "Parfois anxieux ou triste", "Déprimé"]),
    ("self_rated_health", "Perception de sa santé", ["Meilleure", "Bonne", "Moins bonne"]),
    ("falls", "Chutes (6 derniers mois)", ["Aucune", "Une sans gravité", "Multiples ou graves"]),
    ("nutrition", "Nutrition", ["Poids stable", "Perte d'appétit ou de poids", "Dénutrition"]),
    ("comorbidities", "Maladies associées", ["Absence", "1 à 3", "Plus de 3"]),
    ("iadl", "Activités instrumentales", ["Indépendance", "Aide partielle", "Incapacité"]),
    ("mobility", "Mobilité", ["Se lève seul", "Avec assistance", "Incapacité"]),
    ("continence", "Continence", ["Continent", "Incontinence occasionnelle", "Incontinent"]),
    ("meals", "Prise des repas", ["Seul", "Aide ponctuelle", "Assistance complète"]),
    ("cognition", "Fonctions cognitives", ["Normales", "Peu altérées", "Très altérées"]),
]

SEGA_A = PointsInstrument(
    code="sega_a",
    short_name="SEGA A",
    name="Grille SEGA, volet A (profil de fragilité)",
    version="SEGAm-2014",
    domain="autonomy",
    items=tuple(
        Item(str(n), key, label, points_scale(levels))
        for n, (key, label, levels) in enumerate(_SEGA_ITEMS, start=1)
    ),
    bands=bands(
        (0, "little_frail", "Personne peu fragile (score ≤ 8)"),
        (9, "frail", "Personne fragile (score 9 à 11)"),
        (12, "very_frail", "Personne très fragile (score ≥ 12)"),
    ),
    source=(
        "Schoevaerdts D et al. Rev Med Brux 2004;25:A387-93 ; SEGA modifiée, Oubaya N et al. "
        "Age Ageing 2014;43:673-6."
    ),
    licence="Libre d'utilisation clinique.",
    notes=__doc__ or "",
    aliases=("sega",),
)

FRIED = PointsInstrument(
    code="fried",
    short_name="Fried",
    name="Phénotype de fragilité de Fried",
    version="2001",
    domain="autonomy",
    items=(
        Item(
            "1", "weight_loss", "Perte de poids involontaire (≥ 4,5 kg ou 5 % en un an)", yes_no()
        ),
        Item("2", "exhaustion", "Épuisement ressenti", yes_no()),
        Item("3", "weakness", "Faible force de préhension", yes_no()),
        Item("4", "slowness", "Vitesse de marche ralentie", yes_no()),
        Item("5", "low_activity", "Activité physique réduite", yes_no()),
    ),
    bands=bands(
        (0, "robust", "Robuste"),
        (1, "pre_frail", "Pré-fragile (1 à 2 critères)"),
        (3, "frail", "Fragile (3 critères ou plus)"),
    ),
    source="Fried LP et al. J Gerontol A Biol Sci Med Sci 2001;56:M146-56.",
    licence="Domaine public.",
    notes=__doc__ or "",
)
