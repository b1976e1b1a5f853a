"""Performance status: ECOG / OMS and Karnofsky.

ECOG / OMS (Oken MM et al. Am J Clin Oncol 1982;5:649-55; WHO performance status): one grade
0–5; the category is the grade itself.

Karnofsky Performance Status (Karnofsky DA, Burchenal JH 1949): 0–100 in steps of 10. Bands are
the three groups of the original scale: 80–100 able to carry on normal activity, 50–70 unable to
work but lives at home with varying help, 10–40 unable to care for self; 0 is death.
The score runs the other way from ECOG: higher is better.
"""

from maillage.assessments.instruments.base import Item, PointsInstrument, bands, choices

_ECOG_LABELS = {
    0: "Grade 0 — pleinement actif, sans restriction",
    1: "Grade 1 — restreint pour les activités physiques soutenues, ambulatoire",
    2: "Grade 2 — ambulatoire, autonome pour les soins personnels, levé plus de la moitié du "
    "temps de veille",
    3: "Grade 3 — autonomie limitée pour les soins personnels, alité ou au fauteuil plus de la "
    "moitié du temps de veille",
    4: "Grade 4 — totalement dépendant, confiné au lit ou au fauteuil",
    5: "Grade 5 — décédé",
}

ECOG = PointsInstrument(
    code="ecog",
    short_name="ECOG/OMS",
    name="Indice de performance ECOG / OMS",
    version="1982",
    domain="medical",
    items=(
        Item(
            "1",
            "grade",
            "Grade de performance",
            choices(*((grade, label, grade) for grade, label in _ECOG_LABELS.items())),
        ),
    ),
    bands=bands(*((grade, f"grade_{grade}", label) for grade, label in _ECOG_LABELS.items())),
    source="Oken MM et al. Am J Clin Oncol 1982;5:649-55 (ECOG) ; échelle OMS.",
    licence="Domaine public.",
    notes=__doc__ or "",
    aliases=("oms", "who", "ps"),
)

_KARNOFSKY_LABELS = {
    100: "Normal, aucune plainte, aucun signe de maladie",
    90: "Activité normale possible, symptômes mineurs",
    80: "Activité normale avec effort, quelques symptômes",
    70: "Assure ses besoins, incapable d'une activité normale ou de travailler",
    60: "Aide occasionnelle nécessaire, assure la plupart de ses besoins",
    50: "Aide importante et soins médicaux fréquents",
    40: "Handicapé, nécessite des soins et une assistance particuliers",
    30: "Sévèrement handicapé, hospitalisation indiquée",
    20: "Très malade, traitement de soutien actif nécessaire",
    10: "Moribond",
    0: "Décédé",
}

KARNOFSKY = PointsInstrument(
    code="karnofsky",
    short_name="Karnofsky",
    name="Indice de Karnofsky",
    version="1949",
    domain="medical",
    items=(
        Item(
            "1",
            "kps",
            "Indice de Karnofsky (%)",
            choices(
                *(
                    (value, f"{value} — {label}", value)
                    for value, label in sorted(_KARNOFSKY_LABELS.items())
                )
            ),
        ),
    ),
    bands=bands(
        (0, "dead", "Décédé"),
        (10, "unable_self_care", "Incapable de s'occuper de soi ; soins institutionnels"),
        (50, "unable_to_work", "Incapable de travailler ; vit à domicile avec une aide variable"),
        (80, "normal_activity", "Capable d'une activité normale ; pas de soins particuliers"),
    ),
    source="Karnofsky DA, Burchenal JH. Columbia Univ Press 1949.",
    licence="Domaine public.",
    notes=__doc__ or "",
    aliases=("kps",),
    higher_is_worse=False,
)
