"""Nutrition: MNA-SF and the full MNA (Mini Nutritional Assessment, Nestlé).

The MNA wording is protected (© Société des Produits Nestlé): only short item labels are shown,
with the points to enter; the official form and its user guide are at www.mna-elderly.com.

MNA-SF (Kaiser et al., J Nutr Health Aging 2009;13:782-8; form « MNA® forme abrégée »): six
items A–F, 0–14 points: 12–14 normal nutritional status, 8–11 at risk of malnutrition, 0–7
malnourished. Item F is the BMI (F1, 0–3) or, when the BMI cannot be measured, the calf
circumference (F2: 0 if < 31 cm, 3 if ≥ 31 cm): both are entered as item F's points.

Full MNA (Guigoz, Vellas & Garry 1994; Vellas et al. 1999; Nestlé form « MNA® » 2006): the
screening A–F (F is the BMI, 0–3) then the assessment G–R, 30 points: 24–30 normal, 17–23.5 at
risk, < 17 malnourished. K, M, P and Q are scored in half points, as on the form.
"""

from maillage.assessments.instruments.base import Item, PointsInstrument, bands, choices

_A = Item(
    "A",
    "food_intake",
    "Baisse des apports alimentaires sur les 3 derniers mois",
    choices((0, "Baisse sévère", 0), (1, "Baisse modérée", 1), (2, "Pas de baisse", 2)),
)
_B = Item(
    "B",
    "weight_loss",
    "Perte de poids récente (moins de 3 mois)",
    choices(
        (0, "Supérieure à 3 kg", 0),
        (1, "Ne sait pas", 1),
        (2, "Entre 1 et 3 kg", 2),
        (3, "Pas de perte de poids", 3),
    ),
)
_C = Item(
    "C",
    "mobility",
    "Motricité",
    choices(
        (0, "Du lit au fauteuil", 0),
        (1, "Autonome à l'intérieur", 1),
        (2, "Sort du domicile", 2),
    ),
)
_D = Item(
    "D",
    "acute_stress",
    "Maladie aiguë ou stress psychologique (3 derniers mois)",
    choices((0, "Oui", 0), (2, "Non", 2)),
)
_E = Item(
    "E",
    "neuropsychological",
    "Problèmes neuropsychologiques",
    choices(
        (0, "Démence ou dépression sévère", 0),
        (1, "Démence légère", 1),
        (2, "Pas de problème psychologique", 2),
    ),
)
_F_BMI = Item(
    "F",
    "bmi",
    "Indice de masse corporelle (IMC)",
    choices(
        (0, "IMC inférieur à 19", 0),
        (1, "19 ≤ IMC < 21", 1),
        (2, "21 ≤ IMC < 23", 2),
        (3, "IMC ≥ 23", 3),
    ),
)
_F_SF = Item(
    "F",
    "bmi_or_calf",
    "IMC (F1) ou, à défaut, circonférence du mollet (F2)",
    choices(
        (0, "F1 : IMC < 19, ou F2 : mollet < 31 cm", 0),
        (1, "F1 : 19 ≤ IMC < 21", 1),
        (2, "F1 : 21 ≤ IMC < 23", 2),
        (3, "F1 : IMC ≥ 23, ou F2 : mollet ≥ 31 cm", 3),
    ),
)

_LICENCE = (
    "© Société des Produits Nestlé S.A. Formulation des items protégée : libellés courts "
    "uniquement. Formulaire officiel et guide : www.mna-elderly.com."
)

MNA_SF = PointsInstrument(
    code="mna_sf",
    short_name="MNA-SF",
    name="MNA-SF (Mini Nutritional Assessment, forme abrégée)",
    version="2009",
    domain="nutrition",
    items=(_A, _B, _C, _D, _E, _F_SF),
    bands=bands(
        (0, "malnourished", "Dénutrition avérée"),
        (8, "at_risk", "Risque de dénutrition"),
        (12, "normal", "État nutritionnel normal"),
    ),
    source="Kaiser MJ et al. J Nutr Health Aging 2009;13:782-8 ; formulaire MNA-SF Nestlé.",
    licence=_LICENCE,
    official_form="https://www.mna-elderly.com (formulaire MNA® forme abrégée, en français)",
    notes=__doc__ or "",
    aliases=("mnasf", "mna-sf"),
    higher_is_worse=False,
    licensed_wording=True,
)

MNA = PointsInstrument(
    code="mna",
    short_name="MNA",
    name="MNA (Mini Nutritional Assessment, forme complète)",
    version="2006",
    domain="nutrition",
    items=(
        _A,
        _B,
        _C,
        _D,
        _E,
        _F_BMI,
        Item(
            "G",
            "lives_independently",
            "Vit de façon indépendante à domicile",
            choices((1, "Oui", 1), (0, "Non", 0)),
        ),
        Item(
            "H",
            "more_than_three_drugs",
            "Plus de 3 médicaments par jour",
            choices((0, "Oui", 0), (1, "Non", 1)),
        ),
        Item(
            "I",
            "pressure_sores",
            "Escarres ou plaies cutanées",
            choices((0, "Oui", 0), (1, "Non", 1)),
        ),
        Item(
            "J",
            "full_meals",
            "Nombre de repas complets par jour",
            choices((0, "1 repas", 0), (1, "2 repas", 1), (2, "3 repas", 2)),
        ),
        Item(
            "K",
            "protein_markers",
            "Consommation de protéines (marqueurs)",
            choices(
                (0, "0 ou 1 oui", "0"),
                (0.5, "2 oui", "0.5"),
                (1, "3 oui", "1"),
            ),
        ),
        Item(
            "L",
            "fruit_vegetables",
            "Fruits ou légumes au moins 2 fois par jour",
            choices((0, "Non", 0), (1, "Oui", 1)),
        ),
        Item(
            "M",
            "fluid_intake",
            "Boissons par jour",
            choices(
                (0, "Moins de 3 verres", "0"),
                (0.5, "3 à 5 verres", "0.5"),
                (1, "Plus de 5 verres", "1"),
            ),
        ),
        Item(
            "N",
            "feeding_mode",
            "Manière de se nourrir",
            choices(
                (0, "Nécessite une assistance", 0),
                (1, "Seul avec difficulté", 1),
                (2, "Seul sans difficulté", 2),
            ),
        ),
        Item(
            "O",
            "self_view_nutrition",
            "Perception de son état nutritionnel",
            choices(
                (0, "Se considère dénutri", 0),
                (1, "Ne sait pas", 1),
                (2, "Pas de problème", 2),
            ),
        ),
        Item(
            "P",
            "self_view_health",
            "Santé perçue par rapport aux personnes du même âge",
            choices(
                (0, "Moins bonne", "0"),
                (0.5, "Ne sait pas", "0.5"),
                (1, "Aussi bonne", "1"),
                (2, "Meilleure", "2"),
            ),
        ),
        Item(
            "Q",
            "mid_arm_circumference",
            "Circonférence brachiale (cm)",
            choices(
                (0, "Inférieure à 21 cm", "0"),
                (0.5, "21 à 22 cm", "0.5"),
                (1, "Supérieure à 22 cm", "1"),
            ),
        ),
        Item(
            "R",
            "calf_circumference",
            "Circonférence du mollet (cm)",
            choices((0, "Inférieure à 31 cm", 0), (1, "31 cm ou plus", 1)),
        ),
    ),
    bands=bands(
        (0, "malnourished", "Mauvais état nutritionnel (dénutrition)"),
        (17, "at_risk", "Risque de malnutrition"),
        (24, "normal", "État nutritionnel normal"),
    ),
    source=(
        "Guigoz Y, Vellas B, Garry PJ. Facts Res Gerontol 1994 ; Vellas B et al. Nutrition "
        "1999;15:116-22 ; formulaire MNA® Nestlé."
    ),
    licence=_LICENCE,
    official_form="https://www.mna-elderly.com (formulaire MNA® complet, en français)",
    notes=__doc__ or "",
    higher_is_worse=False,
    licensed_wording=True,
)
