"""Mood: HADS, mini-GDS, GDS-15.

HADS (Zigmond AS, Snaith RP. Acta Psychiatr Scand 1983;67:361-70; French version Lépine JP
1985): 14 items 0–3, alternating anxiety (odd items 1, 3 … 13) and depression (even items 2, 4 …
14). The two subscales are scored separately and NEVER summed: each 0–21, with 0–7 no
symptoms, 8–10 doubtful, 11–21 definite. The result has no single score: `score` is null and
the two subscale results are in the details; the category names both. Item points are entered
as on the form (the form already reverses the reversed items). Wording © GL Assessment: short
labels only.

Mini-GDS (Clément JP et al. Encéphale 1997;23:91-9): 4 yes/no questions; one point for a
depressive answer (yes to 1, 2 and 4; no to 3). Score ≥ 1: strong suspicion of depression;
0: depression very unlikely.

GDS-15 (Sheikh JI, Yesavage JA. Clin Gerontol 1986;5:165-73; public domain): 15 yes/no
questions, one point per depressive answer (yes to 2, 3, 4, 6, 8, 9, 10, 12, 14, 15; no to 1,
5, 7, 11, 13). Bands (Yesavage's guidance): 0–5 normal, 6–9 suggestive of depression, 10–15
almost always depression.
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
    points_scale,
    yes_no,
)

_HADS_LABELS = [
    ("A", "Tension, nervosité"),
    ("D", "Plaisir aux choses habituelles"),
    ("A", "Peur que quelque chose d'horrible arrive"),
    ("D", "Capacité à rire"),
    ("A", "Soucis"),
    ("D", "Bonne humeur"),
    ("A", "Capacité à se détendre"),
    ("D", "Sentiment d'être ralenti"),
    ("A", "Sensation de peur, estomac noué"),
    ("D", "Intérêt pour son apparence"),
    ("A", "Impatience, besoin de bouger"),
    ("D", "Plaisir anticipé"),
    ("A", "Sensations soudaines de panique"),
    ("D", "Plaisir à un livre, la radio, la télévision"),
]
_SUBSCALES = {"A": "anxiety", "D": "depression"}
_SUBSCALE_LABELS = {"anxiety": "Anxiété", "depression": "Dépression"}
HADS_BANDS = bands(
    (0, "none", "absence de symptomatologie"),
    (8, "doubtful", "symptomatologie douteuse"),
    (11, "definite", "symptomatologie certaine"),
)


def _hads_compute(instrument: PointsInstrument, chosen: list[Choice]) -> Result:
    totals = {"anxiety": Decimal(0), "depression": Decimal(0)}
    for item, choice in zip(instrument.items, chosen, strict=True):
        totals[item.subscale] += choice.points
    subscores = {}
    for key, total in totals.items():
        band = band_for(HADS_BANDS, total)
        subscores[key] = {
            "label": _SUBSCALE_LABELS[key],
            "score": json_number(total),
            "max": 21,
            "category": band.code,
            "band": band.label,
        }
    anxiety, depression = subscores["anxiety"], subscores["depression"]
    return Result(
        instrument=instrument.code,
        version=instrument.version,
        score=None,
        category=f"anxiety_{anxiety['category']}__depression_{depression['category']}",
        label=(
            f"Anxiété : {anxiety['score']}/21, {anxiety['band']} ; "
            f"dépression : {depression['score']}/21, {depression['band']}"
        ),
        details={"subscores": subscores},
    )


HADS = PointsInstrument(
    code="hads",
    short_name="HADS",
    name="HADS (Hospital Anxiety and Depression Scale)",
    version="1983-fr",
    domain="psychological",
    items=tuple(
        Item(
            str(n),
            f"q{n}",
            label,
            points_scale(["0", "1", "2", "3"]),
            subscale=_SUBSCALES[part],
            help=_SUBSCALE_LABELS[_SUBSCALES[part]],
        )
        for n, (part, label) in enumerate(_HADS_LABELS, start=1)
    ),
    bands=HADS_BANDS,
    source=(
        "Zigmond AS, Snaith RP. Acta Psychiatr Scand 1983;67:361-70 ; version française "
        "Lépine JP et al. 1985."
    ),
    licence="© GL Assessment (R.P. Snaith, A.S. Zigmond). Libellés courts uniquement.",
    official_form="Formulaire HADS sous licence : https://www.gl-assessment.co.uk",
    notes=__doc__ or "",
    licensed_wording=True,
    compute=_hads_compute,
)


def _depressive(answer_yes_scores: bool) -> tuple[Choice, ...]:
    """A yes/no item scoring 1 for the depressive answer."""
    return yes_no(1, 0) if answer_yes_scores else yes_no(0, 1)


MINI_GDS = PointsInstrument(
    code="mini_gds",
    short_name="Mini-GDS",
    name="Mini-GDS (échelle de dépression gériatrique, 4 questions)",
    version="1997",
    domain="psychological",
    items=(
        Item("1", "sad", "Souvent découragé(e) et triste", _depressive(True)),
        Item("2", "empty_life", "Sentiment que sa vie est vide", _depressive(True)),
        Item("3", "happy", "Heureux(se) la plupart du temps", _depressive(False)),
        Item("4", "hopeless", "Impression que sa situation est désespérée", _depressive(True)),
    ),
    bands=bands(
        (0, "unlikely", "Très faible probabilité de dépression"),
        (1, "suspected", "Forte suspicion de dépression"),
    ),
    source="Clément JP et al. Encéphale 1997;23:91-9.",
    licence="Libre d'utilisation clinique.",
    notes=__doc__ or "",
    aliases=("minigds",),
)

_GDS15 = [
    ("Satisfait(e) de sa vie", False),
    ("A renoncé à des activités ou intérêts", True),
    ("Sentiment que sa vie est vide", True),
    ("S'ennuie souvent", True),
    ("De bonne humeur la plupart du temps", False),
    ("Crainte qu'il lui arrive quelque chose de mal", True),
    ("Heureux(se) la plupart du temps", False),
    ("Se sent souvent impuissant(e)", True),
    ("Préfère rester chez soi plutôt que sortir", True),
    ("Plus de problèmes de mémoire que la plupart des gens", True),
    ("Pense qu'il est merveilleux d'être en vie", False),
    ("Se sent inutile", True),
    ("Plein(e) d'énergie", False),
    ("Situation jugée désespérée", True),
    ("Pense que la plupart des gens vont mieux que soi", True),
]

GDS_15 = PointsInstrument(
    code="gds_15",
    short_name="GDS-15",
    name="GDS-15 (échelle de dépression gériatrique, 15 questions)",
    version="1986",
    domain="psychological",
    items=tuple(
        Item(str(n), f"q{n}", label, _depressive(yes_scores))
        for n, (label, yes_scores) in enumerate(_GDS15, start=1)
    ),
    bands=bands(
        (0, "normal", "Pas de dépression probable"),
        (6, "suggestive", "Dépression possible"),
        (10, "likely", "Dépression très probable"),
    ),
    source="Sheikh JI, Yesavage JA. Clin Gerontol 1986;5:165-73.",
    licence="Domaine public.",
    notes=__doc__ or "",
    aliases=("gds15",),
)
