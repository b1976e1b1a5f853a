"""Pain: numeric scale (EN), DN4, Algoplus, Doloplus.

- Échelle numérique (EN, numeric rating scale): one answer 0–10 (0 no pain, 10 worst
  imaginable). Bands as in HAS and SFETD practice: 0 none, 1–3 mild, 4–6 moderate, 7–10 severe.
- DN4 (Bouhassira D et al. Pain 2005;114:29-36): 10 yes/no items, 7 from the interview and 3
  from the examination; one point per yes; a score ≥ 4/10 makes neuropathic pain likely.
- Algoplus (Rat P et al. Eur J Pain 2011;15:198.e1-10; Collectif Doloplus): 5 yes/no
  observation domains for acute pain in older people who cannot self-report; ≥ 2/5 establishes
  pain.
- Doloplus (Wary B, Collectif Doloplus, 1999; www.doloplus.fr): 10 items 0–3 in three groups
  (somatic 1–5, psychomotor 6–7, psychosocial 8–10), total 0–30; ≥ 5/30 establishes pain.
  Choice: the form allows an item to be left uncoded when it does not apply; we keep the
  engine's rule (every item answered) and the observations say which items could not be observed.
"""

from maillage.assessments.instruments.base import (
    Item,
    PointsInstrument,
    bands,
    numeric_range,
    points_scale,
    yes_no,
)

PAIN_NRS = PointsInstrument(
    code="pain_nrs",
    short_name="EN douleur",
    name="Échelle numérique de la douleur (EN)",
    version="0-10",
    domain="pain",
    items=(Item("1", "intensity", "Intensité de la douleur (0 à 10)", numeric_range(0, 10)),),
    bands=bands(
        (0, "none", "Pas de douleur"),
        (1, "mild", "Douleur légère"),
        (4, "moderate", "Douleur modérée"),
        (7, "severe", "Douleur intense"),
    ),
    source="Échelle numérique d'autoévaluation (HAS, SFETD).",
    licence="Libre d'utilisation.",
    notes=__doc__ or "",
    aliases=("en", "nrs", "eva"),
)

_DN4_LABELS = [
    ("Interrogatoire", "Brûlure"),
    ("Interrogatoire", "Sensation de froid douloureux"),
    ("Interrogatoire", "Décharges électriques"),
    ("Interrogatoire", "Fourmillements"),
    ("Interrogatoire", "Picotements"),
    ("Interrogatoire", "Engourdissements"),
    ("Interrogatoire", "Démangeaisons"),
    ("Examen", "Hypoesthésie au tact"),
    ("Examen", "Hypoesthésie à la piqûre"),
    ("Examen", "Douleur provoquée ou augmentée par le frottement"),
]

DN4 = PointsInstrument(
    code="dn4",
    short_name="DN4",
    name="DN4 (douleur neuropathique en 4 questions)",
    version="2005",
    domain="pain",
    items=tuple(
        Item(str(n), f"q{n}", label, yes_no(), help=part)
        for n, (part, label) in enumerate(_DN4_LABELS, start=1)
    ),
    bands=bands(
        (0, "unlikely", "Douleur neuropathique peu probable (score < 4)"),
        (4, "neuropathic_likely", "Douleur neuropathique probable (score ≥ 4)"),
    ),
    source="Bouhassira D et al. Pain 2005;114:29-36.",
    licence="Questionnaire publié, libre d'utilisation clinique.",
    notes=__doc__ or "",
)

ALGOPLUS = PointsInstrument(
    code="algoplus",
    short_name="Algoplus",
    name="Algoplus (douleur aiguë de la personne âgée)",
    version="2011",
    domain="pain",
    items=(
        Item("1", "face", "Visage", yes_no()),
        Item("2", "gaze", "Regard", yes_no()),
        Item("3", "complaints", "Plaintes", yes_no()),
        Item("4", "body", "Corps", yes_no()),
        Item("5", "behaviour", "Comportements", yes_no()),
    ),
    bands=bands(
        (0, "no_pain_detected", "Pas de douleur repérée (score < 2) ; compléter par Doloplus"),
        (2, "pain", "Douleur présente (score ≥ 2) : traitement antalgique à instaurer"),
    ),
    source="Rat P et al. Eur J Pain 2011;15:198.e1-10 ; Collectif Doloplus (www.doloplus.fr).",
    licence="Libre d'utilisation (Collectif Doloplus).",
    notes=__doc__ or "",
)

_DOLOPLUS_ITEMS = [
    ("Retentissement somatique", "Plaintes somatiques"),
    ("Retentissement somatique", "Positions antalgiques au repos"),
    ("Retentissement somatique", "Protection de zones douloureuses"),
    ("Retentissement somatique", "Mimique"),
    ("Retentissement somatique", "Sommeil"),
    ("Retentissement psychomoteur", "Toilette et habillage"),
    ("Retentissement psychomoteur", "Mouvements"),
    ("Retentissement psychosocial", "Communication"),
    ("Retentissement psychosocial", "Vie sociale"),
    ("Retentissement psychosocial", "Troubles du comportement"),
]

DOLOPLUS = PointsInstrument(
    code="doloplus",
    short_name="Doloplus",
    name="Doloplus (douleur chronique de la personne âgée non communicante)",
    version="Doloplus-2",
    domain="pain",
    items=tuple(
        Item(str(n), f"q{n}", label, points_scale(["0", "1", "2", "3"]), help=group)
        for n, (group, label) in enumerate(_DOLOPLUS_ITEMS, start=1)
    ),
    bands=bands(
        (0, "no_pain_detected", "Douleur non affirmée (score < 5)"),
        (5, "pain", "Douleur affirmée (score ≥ 5)"),
    ),
    source="Collectif Doloplus, échelle Doloplus-2 (www.doloplus.fr) ; Wary B 1999.",
    licence="Libre d'utilisation (Collectif Doloplus).",
    notes=__doc__ or "",
)
