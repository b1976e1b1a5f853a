"""Property-based checks of the scoring functions (hypothesis): bounds for every points
instrument, monotonicity where it holds (more points never lower the score nor a sum band),
drafts never scored. AGGIR's exhaustive check is in test_aggir (a loop over 3^10)."""

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maillage.assessments.instruments import INSTRUMENTS, AnswerError, PointsInstrument
from maillage.assessments.instruments.aggir import (
    ADVERBS,
    DISCRIMINANT,
    combine_alimentation,
    combine_all_same,
    combine_elimination,
    letter_from_adverbs,
)

POINTS = [i for i in INSTRUMENTS.values() if isinstance(i, PointsInstrument)]
# Instruments whose category is the band of the summed score (no custom compute).
SUMMED = [i for i in POINTS if i.compute is None]
SETTINGS = settings(max_examples=60, deadline=None)


def answer_lists(instrument: PointsInstrument):
    return st.tuples(*(st.sampled_from(item.choices) for item in instrument.items))


def values(chosen):
    return {"items": [choice.value for choice in chosen]}


def valid(instrument, chosen) -> bool:
    return instrument.is_complete(values(chosen))


@pytest.mark.parametrize("instrument", POINTS, ids=lambda i: i.code)
@SETTINGS
@given(data=st.data())
def test_scores_stay_within_the_instrument_bounds(instrument, data):
    chosen = data.draw(answer_lists(instrument))
    assume(valid(instrument, chosen))
    result = instrument.score(values(chosen))
    if result.score is None:  # HADS: two subscales, each 0–21
        for sub in result.details["subscores"].values():
            assert 0 <= sub["score"] <= 21
    else:
        assert instrument.min_score <= result.score <= instrument.max_score
    assert result.category and result.label


@pytest.mark.parametrize("instrument", POINTS, ids=lambda i: i.code)
@SETTINGS
@given(data=st.data())
def test_more_points_never_lower_the_score(instrument, data):
    chosen = list(data.draw(answer_lists(instrument)))
    index = data.draw(st.integers(0, len(chosen) - 1))
    item = instrument.items[index]
    higher = [c for c in item.choices if c.points > chosen[index].points]
    assume(higher)
    bumped = list(chosen)
    bumped[index] = data.draw(st.sampled_from(higher))
    assume(valid(instrument, chosen) and valid(instrument, bumped))
    before, after = instrument.score(values(chosen)), instrument.score(values(bumped))
    if before.score is None:
        for key, sub in before.details["subscores"].items():
            assert after.details["subscores"][key]["score"] >= sub["score"]
    else:
        assert after.score >= before.score
    if instrument in SUMMED:
        codes = [band.code for band in instrument.bands]
        assert codes.index(after.category) >= codes.index(before.category)


@pytest.mark.parametrize("instrument", POINTS, ids=lambda i: i.code)
@SETTINGS
@given(data=st.data())
def test_a_draft_is_never_scored(instrument, data):
    chosen = list(data.draw(answer_lists(instrument)))
    assume(valid(instrument, chosen))
    missing = data.draw(st.integers(0, len(chosen) - 1))
    answers = values(chosen)
    answers["items"][missing] = None
    with pytest.raises(AnswerError):
        instrument.score(answers)
    assert instrument.canonical(answers)["items"][missing] is None


@pytest.mark.parametrize("instrument", POINTS, ids=lambda i: i.code)
@SETTINGS
@given(data=st.data())
def test_out_of_range_values_are_refused_naming_the_item(instrument, data):
    chosen = list(data.draw(answer_lists(instrument)))
    index = data.draw(st.integers(0, len(chosen) - 1))
    item = instrument.items[index]
    bad = data.draw(
        st.one_of(
            st.integers(-1000, 1000).map(Decimal),
            st.text(min_size=1, max_size=5),
            st.booleans(),
        )
    )
    assume(item.choice_for(bad if not isinstance(bad, Decimal) else int(bad)) is None)
    answers = values(chosen)
    answers["items"][index] = bad if not isinstance(bad, Decimal) else int(bad)
    with pytest.raises(AnswerError) as error:
        instrument.score(answers)
    assert any(f"item {item.ref} (" in message for message in error.value.messages)


@SETTINGS
@given(st.fixed_dictionaries({adverb: st.booleans() for adverb in ADVERBS}))
def test_adverbs_letter_follows_how_many_hold(adverbs):
    done = sum(adverbs.values())
    assert letter_from_adverbs(adverbs) == ("A" if done == 4 else "C" if done == 0 else "B")


@SETTINGS
@given(st.sampled_from("ABC"), st.integers(2, 3))
def test_identical_subvariables_give_that_letter(letter, count):
    for combine in (combine_all_same, combine_alimentation, combine_elimination):
        assert combine([letter] * count) == letter


@SETTINGS
@given(st.data())
def test_aggir_scores_any_complete_grid_from_1_to_6(data):
    def spec(variable):
        one = st.one_of(
            st.sampled_from("ABC"),
            st.fixed_dictionaries({adverb: st.booleans() for adverb in ADVERBS}),
        )
        if not variable.subvariables:
            return one
        return st.one_of(one, st.fixed_dictionaries({k: one for k, _ in variable.subvariables}))

    answers = {"variables": {v.key: data.draw(spec(v)) for v in DISCRIMINANT}}
    result = INSTRUMENTS["aggir"].score(answers).as_dict()
    assert 1 <= result["gir"] <= 6
    assert result["score"] == result["gir"]
