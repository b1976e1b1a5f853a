"""Palliative care: PALLIA-10 and ESAS-r.

PALLIA-10 (Société française d'accompagnement et de soins palliatifs, SFAP, 2010;
www.sfap.org/rubrique/pallia-10): 10 yes/no questions, one point per yes. A yes to question 1
(incurable disease in the current state of knowledge) is required to use the questionnaire: when
it is no, the result is « not applicable ». Choice where sources disagree: the French form reads
« au-delà de 3 réponses positives », the SFAP's English version « three or more »; we apply
three or more (score ≥ 3) to propose a specialised palliative team, the more cautious reading for
a screening tool.

ESAS-r (Edmonton Symptom Assessment System revised, Watanabe SM et al. J Pain Symptom Manage
2011;41:456-68): 9 symptoms rated 0–10. The score is the total symptom distress (0–90); each
symptom is banded 0 none, 1–3 mild, 4–6 moderate, 7–10 severe, and the category is the most
severe band found (a single severe symptom calls for action whatever the total). The optional
tenth line (« autre problème ») goes in the section's observations.
"""

from decimal import Decimal

from maillage.assessments.instruments.base import (
    Choice,
    Item,
    PointsInstrument,
    Result,
    band_for,
    bands,
    json_number,
    numeric_range,
    yes_no,
)

_PALLIA_LABELS = [
    "Maladie qui ne guérira pas en l'état actuel des connaissances",
    "Facteurs pronostiques péjoratifs",
    "Maladie rapidement évolutive",
    "Demande de prise en charge palliative (patient ou entourage)",
    "Symptômes non soulagés malgré les traitements de première intention",
    "Vulnérabilité psychique (patient ou entourage)",
    "Vulnérabilité sociale (patient ou entourage)",
    "Difficultés d'appropriation de l'information sur la maladie",
    "Questionnements ou divergences dans l'équipe sur le projet de soins",
    "Questionnement éthique (refus, limitation de traitement, demande d'euthanasie, conflit de "
    "valeurs)",
]
_PALLIA_BANDS = bands(
    (0, "below_threshold", "Moins de 3 réponses positives : pas de recours systématique"),
    (3, "refer", "3 réponses positives ou plus : recours à une équipe de soins palliatifs"),
)


def _pallia_compute(instrument: PointsInstrument, chosen: list[Choice]) -> Result:
    total = sum((c.points for c in chosen), Decimal(0))
    if chosen[0].value is False:
        return Result(
            instrument=instrument.code,
            version=instrument.version,
            score=total,
            category="not_applicable",
            label="Non applicable : la question 1 (maladie incurable) est négative",
            details={"max": 10},
        )
    return instrument.sum_result(chosen)


PALLIA_10 = PointsInstrument(
    code="pallia_10",
    short_name="PALLIA-10",
    name="PALLIA-10 (quand faire appel à une équipe de soins palliatifs)",
    version="SFAP-2010",
    domain="palliative",
    items=tuple(
        Item(str(n), f"q{n}", label, yes_no()) for n, label in enumerate(_PALLIA_LABELS, start=1)
    ),
    bands=_PALLIA_BANDS,
    source="SFAP, questionnaire PALLIA-10, 2010 (www.sfap.org/rubrique/pallia-10).",
    licence="Libre d'utilisation (SFAP).",
    notes=__doc__ or "",
    aliases=("pallia10",),
    compute=_pallia_compute,
)

_ESAS_SYMPTOMS = [
    "Douleur",
    "Fatigue",
    "Somnolence",
    "Nausées",
    "Manque d'appétit",
    "Essoufflement",
    "Dépression",
    "Anxiété",
    "Bien-être (0 = meilleur)",
]
SYMPTOM_BANDS = bands(
    (0, "none", "absent"),
    (1, "mild", "léger"),
    (4, "moderate", "modéré"),
    (7, "severe", "sévère"),
)
_CATEGORY_LABELS = {
    "none": "Aucun symptôme",
    "mild": "Symptômes au plus légers",
    "moderate": "Au moins un symptôme modéré",
    "severe": "Au moins un symptôme sévère",
}


def _esas_compute(instrument: PointsInstrument, chosen: list[Choice]) -> Result:
    total = sum((c.points for c in chosen), Decimal(0))
    symptoms = {}
    worst = SYMPTOM_BANDS[0]
    for item, choice in zip(instrument.items, chosen, strict=True):
        band = band_for(SYMPTOM_BANDS, choice.points)
        if band.minimum > worst.minimum:
            worst = band
        symptoms[item.key] = {
            "label": item.label,
            "score": json_number(choice.points),
            "category": band.code,
        }
    return Result(
        instrument=instrument.code,
        version=instrument.version,
        score=total,
        category=worst.code,
        label=_CATEGORY_LABELS[worst.code],
        details={"max": 90, "symptoms": symptoms},
    )


ESAS_R = PointsInstrument(
    code="esas_r",
    short_name="ESAS-r",
    name="ESAS-r (échelle d'évaluation des symptômes d'Edmonton, révisée)",
    version="2011",
    domain="palliative",
    items=tuple(
        Item(str(n), f"s{n}", label, numeric_range(0, 10))
        for n, label in enumerate(_ESAS_SYMPTOMS, start=1)
    ),
    bands=SYMPTOM_BANDS,
    source="Watanabe SM et al. J Pain Symptom Manage 2011;41:456-68.",
    licence="Libre d'utilisation (Alberta Health Services).",
    notes=__doc__ or "",
    aliases=("esas", "esasr"),
    compute=_esas_compute,
)
