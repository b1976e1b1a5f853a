"""AGGIR / GIR against the CASF. Sources: CASF annexe 2-2 (algorithme, identical to annexe II of
décret n° 2001-1084), annexe 2-1 and the 2008 filling guide (adverbs, sub-variables), annexe II
of décret n° 97-427 (the 1997 table, for the group F difference)."""

import time
from itertools import product

import pytest

from maillage.assessments.instruments import AnswerError, get_instrument
from maillage.assessments.instruments.aggir import (
    ADVERBS,
    DISCRIMINANT,
    GROUPS,
    RANK_TO_GIR,
    VARIABLE_KEYS,
    Group,
    all_letter_combinations,
    classify,
    combine_alimentation,
    combine_all_same,
    combine_elimination,
    letter_from_adverbs,
)

AGGIR = get_instrument("aggir")

# CASF annexe 2-2, transcribed table by table as the text prints it (modality, variable, value).
CASF_TABLE = {
    "A": {
        "C": [2000, 1200, 40, 40, 60, 100, 800, 200, 0, 0],
        "B": [0, 0, 16, 16, 20, 16, 120, 32, 0, 0],
    },
    "B": {
        "C": [1500, 1200, 40, 40, 60, 100, 800, -80, 0, 0],
        "B": [320, 120, 16, 16, 0, 16, 120, -40, 0, 0],
    },
    "C": {
        "C": [0, 0, 40, 40, 60, 160, 1000, 400, 0, 0],
        "B": [0, 0, 16, 16, 20, 20, 200, 40, 0, 0],
    },
    "D": {
        "C": [0, 0, 0, 0, 2000, 400, 2000, 200, 0, 0],
        "B": [0, 0, 0, 0, 200, 200, 200, 0, 0, 0],
    },
    "E": {
        "C": [400, 400, 400, 400, 400, 800, 800, 200, 0, 0],
        "B": [0, 0, 100, 100, 100, 100, 100, 0, 0, 0],
    },
    "F": {
        "C": [200, 200, 500, 500, 500, 500, 500, 200, 0, 0],
        "B": [100, 100, 100, 100, 100, 100, 100, 0, 0, 0],
    },
    "G": {
        "C": [150, 150, 300, 300, 500, 500, 400, 200, 0, 0],
        "B": [0, 0, 200, 200, 200, 200, 200, 100, 0, 0],
    },
    "H": {
        "C": [0, 0, 3000, 3000, 3000, 3000, 1000, 1000, 0, 0],
        "B": [0, 0, 2000, 2000, 2000, 2000, 2000, 1000, 0, 0],
    },
}
CASF_THRESHOLDS = {
    "A": [(4380, 1), (4140, 2), (3390, 3)],
    "B": [(2016, 4)],
    "C": [(1700, 5), (1432, 6)],
    "D": [(2400, 7)],
    "E": [(1200, 8)],
    "F": [(800, 9)],
    "G": [(650, 10)],
    "H": [(4000, 11), (2000, 12)],
}
# Décret n° 97-427, annexe II, group F: the only group that differs from the current table.
GROUP_F_1997 = Group(
    "F",
    (200, 200, 500, 500, 500, 500, 500, 500, 200, 0),
    (0, 100, 100, 100, 100, 100, 100, 0, 0, 0),
    ((800, 9),),
)


def letters(**overrides):
    base = dict.fromkeys(VARIABLE_KEYS, "A")
    base.update(overrides)
    return [base[key] for key in VARIABLE_KEYS]


def answers(**overrides):
    return {"variables": dict(zip(VARIABLE_KEYS, letters(**overrides), strict=True))}


def test_the_coefficient_table_is_the_casf_annexe_2_2():
    assert [g.name for g in GROUPS] == list("ABCDEFGH")
    for group in GROUPS:
        assert list(group.c_values) == CASF_TABLE[group.name]["C"], group.name
        assert list(group.b_values) == CASF_TABLE[group.name]["B"], group.name
        assert [list(r) for r in group.ranks] == [list(r) for r in CASF_THRESHOLDS[group.name]]
    assert GROUPS[-1].otherwise == 13


def test_ranks_map_to_gir_as_in_casf_annexe_2_2():
    expected = {1: 1, 8: 3, 9: 3, 10: 4, 11: 4, 12: 5, 13: 6} | dict.fromkeys(range(2, 8), 2)
    assert expected == RANK_TO_GIR


def test_every_one_of_the_3_10_letter_combinations_gives_a_gir_from_1_to_6():
    started = time.monotonic()
    seen_girs, seen_ranks, count = set(), set(), 0
    for combination in all_letter_combinations():
        found = classify(combination)
        assert 1 <= found.gir <= 6
        assert RANK_TO_GIR[found.rank] == found.gir
        seen_girs.add(found.gir)
        seen_ranks.add(found.rank)
        count += 1
    assert count == 3**10 == 59049
    assert seen_girs == {1, 2, 3, 4, 5, 6}
    assert seen_ranks == set(range(1, 14))
    assert time.monotonic() - started < 30


def test_outdoor_moves_and_distance_communication_never_change_the_gir():
    # CASF annexe 2-2: both weigh 0 in every group.
    for combination in product("ABC", repeat=8):
        base = classify([*combination, "A", "A"])
        assert classify([*combination, "C", "C"]) == base
        assert classify([*combination, "B", "C"]) == base


@pytest.mark.parametrize(
    ("overrides", "gir", "rank", "group", "total"),
    [
        # Worked by hand from CASF annexe 2-2.
        ({}, 6, 13, "H", 0),  # all A: no group reaches its threshold, H sum 0 < 2000
        (dict.fromkeys(VARIABLE_KEYS, "C"), 1, 1, "A", 4440),  # A: 2000+1200+40+40+60+100+800+200
        ({"coherence": "C", "orientation": "C"}, 2, 4, "B", 2700),  # A 3200 < 3390; B 1500+1200
        # toilette, habillage, transferts B: G = 600 < 650; H = 2000 × 3 = 6000 ≥ 4000
        ({"toilette": "B", "habillage": "B", "transferts": "B"}, 4, 11, "H", 6000),
        ({"toilette": "B"}, 5, 12, "H", 2000),  # H: toilette B 2000 → rang 12
        # orientation B, alimentation B, toilette C, élimination C, communication B:
        # A 160, B 260, C 220, D 600; E = 400 + 800 + 100 = 1300 ≥ 1200 → rang 8
        (
            {
                "orientation": "B",
                "toilette": "C",
                "alimentation": "B",
                "elimination": "C",
                "communication_distance": "B",
            },
            3,
            8,
            "E",
            1300,
        ),
    ],
)
def test_worked_examples_from_casf_annexe_2_2(overrides, gir, rank, group, total):
    found = classify(letters(**overrides))
    assert (found.gir, found.rank, found.group, found.group_total) == (gir, rank, group, total)
    result = AGGIR.score(answers(**overrides)).as_dict()
    assert (result["gir"], result["rank"], result["score"]) == (gir, rank, gir)
    assert result["category"] == f"gir_{gir}"
    assert result["letters"] == dict(zip(VARIABLE_KEYS, letters(**overrides), strict=True))


def test_it_uses_the_current_group_f_not_the_1997_transcription():
    # Orientation B, déplacements intérieur and extérieur C. With décret 97-427's group F the
    # sum is 100 + 500 + 200 = 800 → rang 9 → GIR 3; with the CASF table it is 100 + 200 = 300,
    # G = 200, H = 1000 → rang 13 → GIR 6.
    profile = letters(orientation="B", deplacements_interieur="C", deplacements_exterieur="C")
    assert GROUP_F_1997.rank(GROUP_F_1997.total(profile)) == 9
    current = classify(profile)
    assert (current.gir, current.rank) == (6, 13)


def test_adverbs_give_a_b_c_as_the_2008_guide_says():
    assert letter_from_adverbs(dict.fromkeys(ADVERBS, True)) == "A"
    assert letter_from_adverbs(dict.fromkeys(ADVERBS, False)) == "C"
    for values in product([True, False], repeat=4):
        if 0 < sum(values) < 4:
            assert letter_from_adverbs(dict(zip(ADVERBS, values, strict=True))) == "B"


def test_subvariables_combine_as_the_2008_guide_says():
    for pair in product("ABC", repeat=2):
        expected = "A" if pair == ("A", "A") else "C" if pair == ("C", "C") else "B"
        assert combine_all_same(pair) == expected
    assert combine_all_same("AAA") == "A"
    assert combine_all_same("CCC") == "C"
    assert combine_all_same("ACC") == "B"
    alimentation = {"".join(p): combine_alimentation(p) for p in product("ABC", repeat=2)}
    assert alimentation == {
        "AA": "A",
        "AB": "B",
        "AC": "B",
        "BA": "B",
        "BB": "B",
        "BC": "C",
        "CA": "B",
        "CB": "C",
        "CC": "C",
    }
    elimination = {"".join(p): combine_elimination(p) for p in product("ABC", repeat=2)}
    assert elimination == {
        "AA": "A",
        "AB": "B",
        "AC": "C",
        "BA": "B",
        "BB": "B",
        "BC": "C",
        "CA": "C",
        "CB": "C",
        "CC": "C",
    }


def test_it_scores_the_issue_format_with_subvariables_and_adverbs():
    partly = {
        "spontanement": True,
        "totalement": True,
        "correctement": False,
        "habituellement": True,
    }
    never = dict.fromkeys(ADVERBS, False)
    result = AGGIR.score(
        {
            "variables": {
                "coherence": "B",
                "orientation": "A",
                "toilette": {"haut": "A", "bas": "C"},
                "habillage": {"haut": partly, "moyen": "A", "bas": "B"},
                "alimentation": {"se_servir": "B", "manger": never},
                "elimination": {"urinaire": "A", "fecale": "B"},
                "transferts": partly,
                "deplacements_interieur": "A",
                "deplacements_exterieur": "b",
                "communication_distance": "A",
            },
            "illustratives": {"cuisine": "C", "menage": never},
        }
    ).as_dict()
    assert result["letters"] == {
        "coherence": "B",
        "orientation": "A",
        "toilette": "B",
        "habillage": "B",
        "alimentation": "C",
        "elimination": "B",
        "transferts": "B",
        "deplacements_interieur": "A",
        "deplacements_exterieur": "B",
        "communication_distance": "A",
    }
    assert result["details"]["subvariables"]["alimentation"] == {"se_servir": "B", "manger": "C"}
    assert result["details"]["illustratives"] == {"cuisine": "C", "menage": "C"}
    assert result["gir"] == classify(list(result["letters"].values())).gir


def test_illustrative_variables_are_recorded_but_never_scored():
    plain = AGGIR.score(answers(toilette="B"))
    with_illustratives = AGGIR.score(
        {**answers(toilette="B"), "illustratives": {"gestion": "C", "achats": "C", "cuisine": "B"}}
    )
    assert with_illustratives.score == plain.score
    assert with_illustratives.extra == plain.extra


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({**answers()["variables"], "coherence": "D"}, "variable cohérence : « D » n'est pas"),
        (
            {**answers()["variables"], "toilette": {"haut": "A"}},
            "variable toilette, sous-variable bas du corps : manquante",
        ),
        (
            {
                **answers()["variables"],
                "transferts": {"spontanement": True, "totalement": True, "correctement": True},
            },
            "variable transferts : adverbe « habituellement » manquant",
        ),
        (
            {k: v for k, v in answers()["variables"].items() if k != "elimination"},
            "variable élimination : manquante",
        ),
        (
            {**answers()["variables"], "habillage": {"haut": "A", "milieu": "A", "bas": "A"}},
            "« milieu » n'est pas une sous-variable",
        ),
        (
            {**answers()["variables"], "transferts": {**dict.fromkeys(ADVERBS, True), "vite": 1}},
            "« vite » n'est pas un adverbe",
        ),
    ],
)
def test_it_refuses_bad_answers_naming_the_variable(variables, message):
    with pytest.raises(AnswerError) as error:
        AGGIR.score({"variables": variables})
    assert any(message in m for m in error.value.messages), error.value.messages


def test_a_partial_grid_is_a_draft_and_never_scored():
    draft = {"variables": {"coherence": "B", "toilette": {"haut": "A"}}}
    assert AGGIR.canonical(draft) == {
        "variables": {"coherence": "B", "toilette": {"haut": "A"}},
        "illustratives": {},
    }
    assert not AGGIR.is_complete(draft)
    with pytest.raises(AnswerError):
        AGGIR.score(draft)


def test_every_discriminant_variable_is_declared_in_the_casf_order():
    assert [v.key for v in DISCRIMINANT] == list(VARIABLE_KEYS)
    assert AGGIR.subvariable_count == 17


def _casf_rank(group: str, total: int) -> int | None:
    """Annexe 2-2's wording, group by group ("supérieure ou égale à", "comprise entre X (exclus)
    et Y (inclus)", "inférieure à … : tester les valeurs du groupe suivant"), written apart from
    the engine's ordered thresholds."""
    if group == "A":
        if total >= 4380:
            return 1
        if 4140 <= total < 4380:
            return 2
        if 3390 <= total < 4140:
            return 3
        return None
    if group == "B":
        return 4 if total >= 2016 else None
    if group == "C":
        if total >= 1700:
            return 5
        if 1432 <= total < 1700:
            return 6
        return None
    if group == "D":
        return 7 if total >= 2400 else None
    if group == "E":
        return 8 if total >= 1200 else None
    if group == "F":
        return 9 if total >= 800 else None
    if group == "G":
        return 10 if total >= 650 else None
    if total >= 4000:
        return 11
    if 2000 <= total < 4000:
        return 12
    return 13


def _casf_classify(combination) -> tuple[int, int, str]:
    for group in "ABCDEFGH":
        total = sum(
            CASF_TABLE[group][letter][index]
            for index, letter in enumerate(combination)
            if letter in ("B", "C")
        )
        rank = _casf_rank(group, total)
        if rank is not None:
            return rank, total, group
    raise AssertionError("group H always ranks")  # pragma: no cover


def test_every_combination_matches_the_casf_wording_and_thresholds_are_inclusive():
    """CASF annexe 2-2 (in force; Légifrance text as mirrored by etalab/codes-juridiques-
    francais, annexe 2-2): each of the 3^10 combinations gets the same rank from the engine as
    from the text's wording, and every threshold reached exactly gives its own rank."""
    exactly_at = {}
    for combination in all_letter_combinations():
        rank, total, group = _casf_classify(combination)
        found = classify(combination)
        assert (found.rank, found.group, found.group_total) == (rank, group, total), combination
        for threshold, threshold_rank in CASF_THRESHOLDS[group]:
            if total == threshold:
                exactly_at[(group, threshold)] = rank
                assert rank == threshold_rank, (group, threshold, combination)
    # Every boundary but group A's 3 390 is reached exactly by some combination, and each
    # classifies at its own rank ("supérieure ou égale", "(inclus)").
    expected = {
        (group, threshold): rank
        for group, thresholds in CASF_THRESHOLDS.items()
        for threshold, rank in thresholds
    }
    del expected[("A", 3390)]
    assert exactly_at == expected
