"""Worked examples for each scale, at the band limits of its published scoring. Each test names
the source of the scoring it checks (see also docs/instruments.md)."""

import pytest

from maillage.assessments.instruments import AnswerError, get_instrument


def score(code, items):
    return get_instrument(code).score({"items": items}).as_dict()


@pytest.mark.parametrize(
    ("items", "total", "category"),
    [
        ([2, 3, 2, 2, 2, 3], 14, "normal"),  # the example
        ([2, 2, 2, 2, 2, 2], 12, "normal"),
        ([1, 2, 2, 2, 2, 2], 11, "at_risk"),
        ([1, 1, 1, 2, 1, 2], 8, "at_risk"),
        ([1, 1, 1, 2, 1, 1], 7, "malnourished"),
        ([0, 0, 0, 0, 0, 0], 0, "malnourished"),
    ],
)
def test_mna_sf_bands_kaiser_2009(items, total, category):
    # Kaiser MJ et al. 2009: 12–14 normal, 8–11 at risk, 0–7 malnourished.
    result = score("mna_sf", items)
    assert (result["score"], result["category"]) == (total, category)


def test_mna_sf_accepts_calf_circumference_as_item_f():
    # MNA-SF form: F2 (calf circumference) scores 0 or 3 in place of the BMI.
    assert score("mna_sf", [2, 3, 2, 2, 2, 0])["score"] == 11
    with pytest.raises(AnswerError, match="item F"):
        score("mna_sf", [2, 3, 2, 2, 2, 4])


@pytest.mark.parametrize(
    ("screening", "assessment", "total", "category"),
    [
        ([2, 3, 2, 2, 2, 3], [1, 1, 1, 2, 1, 1, 1, 2, 2, 2, 1, 1], 30, "normal"),
        ([2, 2, 2, 2, 2, 3], [1, 1, 1, 2, 0.5, 1, 0.5, 2, 1, 0.5, 0.5, 0], 24, "normal"),
        ([2, 2, 2, 2, 2, 3], [1, 1, 1, 2, 0.5, 1, 0.5, 2, 1, 0.5, 0, 0], 23.5, "at_risk"),
        ([2, 2, 2, 2, 1, 3], [0, 0, 1, 1, 0, 0, 0.5, 1, 0, 0.5, 0, 1], 17, "at_risk"),
        ([2, 2, 2, 2, 1, 3], [0, 0, 1, 1, 0, 0, 0, 1, 0, 0.5, 0, 1], 16.5, "malnourished"),
    ],
)
def test_full_mna_bands_guigoz_vellas(screening, assessment, total, category):
    # Guigoz, Vellas, Garry 1994; Nestlé MNA form: 24–30 normal, 17–23.5 at risk, < 17.
    result = score("mna", screening + assessment)
    assert (result["score"], result["category"]) == (total, category)


@pytest.mark.parametrize(
    ("total", "category"),
    [
        (0, "little_or_none"),
        (20, "little_or_none"),
        (21, "light_to_moderate"),
        (40, "light_to_moderate"),
        (41, "moderate_to_severe"),
        (60, "moderate_to_severe"),
        (61, "severe"),
        (88, "severe"),
    ],
)
def test_zarit_bands_hebert_2000(total, category):
    # Zarit 1985, French version Hébert et al. 2000: ≤ 20, 21–40, 41–60, ≥ 61.
    items = [4] * (total // 4) + ([total % 4] if total % 4 else [])
    items += [0] * (22 - len(items))
    result = score("zarit", items)
    assert (result["score"], result["category"]) == (total, category)


@pytest.mark.parametrize(
    ("value", "category"),
    [(0, "none"), (3, "mild"), (4, "moderate"), (6, "moderate"), (7, "severe")],
)
def test_numeric_pain_scale_bands(value, category):
    # Échelle numérique (HAS, SFETD): 0, 1–3, 4–6, 7–10.
    assert score("pain_nrs", [value])["category"] == category


def test_dn4_threshold_bouhassira_2005():
    # Bouhassira D et al. Pain 2005: one point per yes, ≥ 4/10 neuropathic pain likely.
    three = [True, True, True] + [False] * 7
    four = [True, False, False, True, False, False, False, True, False, True]
    assert score("dn4", three)["category"] == "unlikely"
    assert (score("dn4", four)["score"], score("dn4", four)["category"]) == (
        4,
        "neuropathic_likely",
    )


def test_algoplus_threshold_rat_2011():
    # Rat P et al. 2011; Collectif Doloplus: ≥ 2/5 establishes pain.
    assert score("algoplus", [True, False, False, False, False])["category"] == "no_pain_detected"
    assert score("algoplus", [True, False, True, False, False])["category"] == "pain"


def test_doloplus_threshold_collectif_doloplus():
    # Collectif Doloplus (doloplus.fr): 10 items 0–3, ≥ 5/30 establishes pain.
    assert score("doloplus", [1, 1, 1, 1] + [0] * 6)["category"] == "no_pain_detected"
    assert score("doloplus", [2, 0, 0, 3] + [0] * 6)["category"] == "pain"
    assert score("doloplus", [3] * 10)["score"] == 30


def test_hads_scores_anxiety_and_depression_apart_never_summed():
    # Zigmond & Snaith 1983: odd items anxiety, even items depression; 0–7, 8–10, 11–21 each.
    anxiety_items = [2, 2, 2, 1, 1, 0, 0]  # 8: doubtful
    depression_items = [3, 3, 2, 1, 1, 1, 0]  # 11: definite
    items = [value for pair in zip(anxiety_items, depression_items, strict=True) for value in pair]
    result = score("hads", items)
    assert result["score"] is None
    subscores = result["details"]["subscores"]
    assert (subscores["anxiety"]["score"], subscores["anxiety"]["category"]) == (8, "doubtful")
    assert (subscores["depression"]["score"], subscores["depression"]["category"]) == (
        11,
        "definite",
    )
    assert result["category"] == "anxiety_doubtful__depression_definite"
    assert "19" not in result["label"]


def test_hads_band_limits():
    result = score("hads", [1, 3, 2, 3, 1, 3, 1, 1, 1, 0, 1, 0, 0, 0])  # A 7, D 10
    assert result["details"]["subscores"]["anxiety"]["category"] == "none"
    assert result["details"]["subscores"]["depression"]["category"] == "doubtful"


def test_ecog_grade_is_the_category_oken_1982():
    result = score("ecog", [2])
    assert (result["score"], result["category"]) == (2, "grade_2")
    with pytest.raises(AnswerError, match="item 1"):
        score("ecog", [6])


@pytest.mark.parametrize(
    ("value", "category"),
    [
        (100, "normal_activity"),
        (80, "normal_activity"),
        (70, "unable_to_work"),
        (50, "unable_to_work"),
        (40, "unable_self_care"),
        (10, "unable_self_care"),
        (0, "dead"),
    ],
)
def test_karnofsky_groups_karnofsky_1949(value, category):
    assert score("karnofsky", [value])["category"] == category


def test_karnofsky_refuses_values_between_tens():
    with pytest.raises(AnswerError, match="75 n'est pas une réponse permise"):
        score("karnofsky", [75])


def test_pallia_10_sfap():
    # SFAP: question 1 must be yes; three yes or more → specialised palliative team.
    assert score("pallia_10", [False, True, True, True] + [False] * 6)["category"] == (
        "not_applicable"
    )
    assert score("pallia_10", [True, True] + [False] * 8)["category"] == "below_threshold"
    result = score("pallia_10", [True, True, False, True] + [False] * 6)
    assert (result["score"], result["category"]) == (3, "refer")


def test_mini_gds_clement_1997():
    # Clément et al. 1997: yes to 1, 2, 4 and no to 3 are depressive; ≥ 1 → suspicion.
    assert score("mini_gds", [False, False, True, False])["category"] == "unlikely"
    result = score("mini_gds", [False, False, False, False])
    assert (result["score"], result["category"]) == (1, "suspected")


def test_gds_15_sheikh_yesavage_1986():
    # Depressive answers: yes to 2, 3, 4, 6, 8, 9, 10, 12, 14, 15; no to 1, 5, 7, 11, 13.
    no, yes = False, True
    not_depressed = [yes, no, no, no, yes, no, yes, no, no, no, yes, no, yes, no, no]
    assert score("gds_15", not_depressed)["score"] == 0
    all_depressive = [not answer for answer in not_depressed]
    assert score("gds_15", all_depressive)["score"] == 15
    five = list(not_depressed)
    for index in (1, 2, 3, 5, 7):
        five[index] = True
    assert (score("gds_15", five)["score"], score("gds_15", five)["category"]) == (5, "normal")
    five[8] = True
    assert score("gds_15", five)["category"] == "suggestive"


@pytest.mark.parametrize(
    ("items", "category"),
    [
        ([1] * 6, "independent"),
        ([1, 1, 1, 1, 1, 0.5], "partial"),
        ([1, 1, 0.5, 0, 0, 0], "partial"),
        ([1, 1, 0, 0, 0, 0], "severe"),
    ],
)
def test_katz_french_scoring(items, category):
    assert score("katz", items)["category"] == category


def test_lawton_1969():
    assert score("lawton", [1] * 8)["category"] == "independent"
    assert score("lawton", [1] * 7 + [0])["category"] == "needs_help"


def test_esas_r_category_is_the_worst_symptom_watanabe_2011():
    assert score("esas_r", [0] * 9)["category"] == "none"
    result = score("esas_r", [3, 3, 3, 3, 3, 3, 3, 3, 3])
    assert (result["score"], result["category"]) == (27, "mild")
    result = score("esas_r", [7, 0, 0, 0, 0, 0, 0, 0, 0])
    assert (result["score"], result["category"]) == (7, "severe")
    assert result["details"]["symptoms"]["s1"]["category"] == "severe"


def test_gfst_the_gps_judgement_decides_vellas_2013():
    signs = [True, "nsp", False, True, False, False]
    frail = score("gfst", [*signs, True, True])
    assert (frail["category"], frail["details"]["signs"]) == ("frail", 2)
    assert score("gfst", [*signs, False, "na"])["category"] == "not_frail"
    with pytest.raises(AnswerError, match="item 8"):
        score("gfst", [*signs, False, True])
    with pytest.raises(AnswerError, match="item 8"):
        score("gfst", [*signs, True, "na"])


@pytest.mark.parametrize(
    ("total", "category"), [(8, "little_frail"), (9, "frail"), (11, "frail"), (12, "very_frail")]
)
def test_sega_grid_a_bands_oubaya_2014(total, category):
    items = [2] * (total // 2) + [total % 2]
    items += [0] * (13 - len(items))
    assert score("sega_a", items)["category"] == category


@pytest.mark.parametrize(("criteria", "category"), [(0, "robust"), (2, "pre_frail"), (3, "frail")])
def test_fried_phenotype_fried_2001(criteria, category):
    assert score("fried", [True] * criteria + [False] * (5 - criteria))["category"] == category


@pytest.mark.parametrize(
    ("value", "category"),
    [(30, "usual"), (24, "usual"), (23, "mild"), (20, "mild"), (19, "moderate"), (9, "severe")],
)
def test_mmse_score_entry(value, category):
    assert score("mmse", [value])["category"] == category


def test_mmse_refuses_a_total_above_30():
    with pytest.raises(AnswerError, match="MMSE, item 1"):
        score("mmse", [31])


# Both sides of every published cut-off, for the instruments whose score is the sum of the item
# points (a yes counting 1). The limits are written here from the sources named in each line,
# not read from the declarations; the items reaching each total are found by search.
PUBLISHED_LIMITS = {
    # Kaiser 2009: 0–7 / 8–11 / 12–14
    "mna_sf": [(0, "malnourished"), (7, "malnourished"), (8, "at_risk"), (11, "at_risk"),
               (12, "normal"), (14, "normal")],
    # Guigoz & Vellas 1994/1999: < 17 / 17–23.5 / 24–30
    "mna": [(0, "malnourished"), (16.5, "malnourished"), (17, "at_risk"), (23.5, "at_risk"),
            (24, "normal"), (30, "normal")],
    # Hébert 2000: ≤ 20 / 21–40 / 41–60 / ≥ 61
    "zarit": [(20, "little_or_none"), (21, "light_to_moderate"), (40, "light_to_moderate"),
              (41, "moderate_to_severe"), (60, "moderate_to_severe"), (61, "severe")],
    # HAS / SFETD: 0 / 1–3 / 4–6 / 7–10
    "pain_nrs": [(0, "none"), (1, "mild"), (3, "mild"), (4, "moderate"), (6, "moderate"),
                 (7, "severe"), (10, "severe")],
    # Bouhassira 2005: ≥ 4/10
    "dn4": [(0, "unlikely"), (3, "unlikely"), (4, "neuropathic_likely"),
            (10, "neuropathic_likely")],
    # Rat 2011: ≥ 2/5
    "algoplus": [(0, "no_pain_detected"), (1, "no_pain_detected"), (2, "pain"), (5, "pain")],
    # Collectif Doloplus: ≥ 5/30
    "doloplus": [(0, "no_pain_detected"), (4, "no_pain_detected"), (5, "pain"), (30, "pain")],
    # Oken 1982: the grade
    "ecog": [(grade, f"grade_{grade}") for grade in range(6)],
    # Karnofsky 1949: 80–100 / 50–70 / 10–40 / 0
    "karnofsky": [(0, "dead"), (10, "unable_self_care"), (40, "unable_self_care"),
                  (50, "unable_to_work"), (70, "unable_to_work"), (80, "normal_activity"),
                  (100, "normal_activity")],
    # French Katz 1 / 0,5 / 0, Hartford reading: ≤ 2 severe, 6 independent
    "katz": [(0, "severe"), (2, "severe"), (2.5, "partial"), (5.5, "partial"),
             (6, "independent")],
    # Lawton & Brody 1969, all eight activities: 8 autonomous, < 8 help needed
    "lawton": [(0, "needs_help"), (7, "needs_help"), (8, "independent")],
    # Modified SEGA (Oubaya 2014): ≤ 8 / 9–11 / ≥ 12
    "sega_a": [(0, "little_frail"), (8, "little_frail"), (9, "frail"), (11, "frail"),
               (12, "very_frail"), (26, "very_frail")],
    # Fried 2001: 0 robust, 1–2 pre-frail, ≥ 3 frail
    "fried": [(0, "robust"), (1, "pre_frail"), (2, "pre_frail"), (3, "frail"), (5, "frail")],
    # MMSE (GRECO) stages used in French practice: < 10 / 10–19 / 20–23 / 24–30
    "mmse": [(0, "severe"), (9, "severe"), (10, "moderate"), (19, "moderate"), (20, "mild"),
             (23, "mild"), (24, "usual"), (30, "usual")],
}  # fmt: skip


def _items_for_total(instrument, total):
    """Item answers (in order) whose points add up to `total`, found by dynamic programming."""
    from decimal import Decimal

    def points(value):
        return Decimal(int(value)) if isinstance(value, bool) else Decimal(str(value))

    reachable = {Decimal(0): []}
    for item in instrument.items:
        following = {}
        for subtotal, answers in reachable.items():
            for choice in item.choices:
                value = choice.value
                if not isinstance(value, bool | int | float | Decimal):
                    continue
                following.setdefault(subtotal + points(value), [*answers, value])
        reachable = following
    return reachable[Decimal(str(total))]


@pytest.mark.parametrize(
    ("code", "total", "category"),
    [(code, total, cat) for code, limits in PUBLISHED_LIMITS.items() for total, cat in limits],
)
def test_both_sides_of_every_published_limit(code, total, category):
    instrument = get_instrument(code)
    result = instrument.score({"items": _items_for_total(instrument, total)}).as_dict()
    assert (result["score"], result["category"]) == (total, category)


def test_gds_15_limits_5_6_9_10_yesavage():
    # Sheikh & Yesavage 1986: 0–5 normal, 6–9 suggestive, ≥ 10 depression likely.
    depressive = [False, True, True, True, False, True, False, True, True, True, False, True,
                  False, True, True]  # fmt: skip
    for count, category in [(5, "normal"), (6, "suggestive"), (9, "suggestive"), (10, "likely")]:
        answers = [d if i < count else not d for i, d in enumerate(depressive)]
        result = score("gds_15", answers)
        assert (result["score"], result["category"]) == (count, category)


@pytest.mark.parametrize(
    ("subtotal", "category"),
    [(0, "none"), (7, "none"), (8, "doubtful"), (10, "doubtful"), (11, "definite"),
     (21, "definite")],
)  # fmt: skip
def test_hads_limits_on_both_subscales_zigmond_snaith(subtotal, category):
    # Zigmond & Snaith 1983: 0–7 / 8–10 / 11–21 on each subscale, odd items A, even items D.
    seven = [3] * (subtotal // 3) + ([subtotal % 3] if subtotal % 3 else [])
    seven += [0] * (7 - len(seven))
    anxiety_only = [value for pair in zip(seven, [0] * 7, strict=True) for value in pair]
    depression_only = [value for pair in zip([0] * 7, seven, strict=True) for value in pair]
    a = score("hads", anxiety_only)["details"]["subscores"]
    d = score("hads", depression_only)["details"]["subscores"]
    assert (a["anxiety"]["score"], a["anxiety"]["category"]) == (subtotal, category)
    assert (d["depression"]["score"], d["depression"]["category"]) == (subtotal, category)
    assert a["depression"]["category"] == d["anxiety"]["category"] == "none"


@pytest.mark.parametrize(
    ("worst", "category"),
    [(0, "none"), (1, "mild"), (3, "mild"), (4, "moderate"), (6, "moderate"), (7, "severe")],
)
def test_esas_r_limits_of_the_worst_symptom_watanabe_2011(worst, category):
    result = score("esas_r", [1, worst, 0, 0, 0, 0, 0, 0, 0] if worst else [0] * 9)
    assert result["category"] == category
