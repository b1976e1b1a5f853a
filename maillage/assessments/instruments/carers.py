"""Carers: the Zarit Burden Interview (ZBI), 22 items.

Zarit SH, Orr NK, Zarit JM. The hidden victims of Alzheimer's disease, 1985 (22-item version);
French validation Hébert R, Bravo G, Préville M. Can J Aging 2000;19:494-507. Each item 0–4
(jamais, rarement, parfois, assez souvent, presque tout le temps), total 0–88.

Bands (the ones used in French practice, after Hébert et al.): 0–20 little or no burden, 21–40
light to moderate, 41–60 moderate to severe, 61–88 severe.

The ZBI wording is under licence (© 1983, 1990 Steven H. Zarit and Judy M. Zarit; distributed
by Mapi Research Trust / ePROVIDE): only short item labels are shown.
"""

from maillage.assessments.instruments.base import Item, PointsInstrument, bands, points_scale

_FREQUENCY = points_scale(
    ["Jamais", "Rarement", "Parfois", "Assez souvent", "Presque tout le temps"]
)
_LABELS = [
    "Demande d'aide excessive",
    "Manque de temps pour soi",
    "Tiraillement entre soins et autres responsabilités",
    "Gêne face aux comportements du proche",
    "Irritation en présence du proche",
    "Retentissement sur les relations familiales ou amicales",
    "Peur pour l'avenir du proche",
    "Dépendance du proche envers l'aidant",
    "Tension en présence du proche",
    "Retentissement sur la santé de l'aidant",
    "Manque d'intimité",
    "Retentissement sur la vie sociale",
    "Malaise à recevoir des amis",
    "Être perçu comme le seul recours",
    "Manque d'argent pour les soins",
    "Sentiment de ne plus pouvoir continuer longtemps",
    "Perte de maîtrise de sa vie",
    "Souhait de confier les soins à un autre",
    "Incertitude sur ce qu'il faut faire",
    "Sentiment de devoir en faire plus",
    "Sentiment de pouvoir mieux faire",
    "Fardeau ressenti globalement",
]

ZARIT = PointsInstrument(
    code="zarit",
    short_name="Zarit",
    name="Échelle de Zarit (Zarit Burden Interview, 22 items)",
    version="ZBI-22",
    domain="carers",
    items=tuple(
        Item(str(n), f"q{n}", label, _FREQUENCY) for n, label in enumerate(_LABELS, start=1)
    ),
    bands=bands(
        (0, "little_or_none", "Fardeau absent ou léger"),
        (21, "light_to_moderate", "Fardeau léger à modéré"),
        (41, "moderate_to_severe", "Fardeau modéré à sévère"),
        (61, "severe", "Fardeau sévère"),
    ),
    source=(
        "Zarit SH, Orr NK, Zarit JM 1985 ; version française Hébert R, Bravo G, Préville M. "
        "Can J Aging 2000;19:494-507."
    ),
    licence=(
        "© Steven H. Zarit et Judy M. Zarit ; diffusion Mapi Research Trust (ePROVIDE). "
        "Libellés courts uniquement."
    ),
    official_form="Formulaire ZBI sous licence : https://eprovide.mapi-trust.org",
    notes=__doc__ or "",
    aliases=("zbi",),
    licensed_wording=True,
)
