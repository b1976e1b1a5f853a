"""The cancer-pathway rule at its boundaries: 180 €, 6 follow-ups, one assessment per kind."""

from decimal import Decimal

import pytest

from maillage.supportcare.models import ActKind, SupportKind
from maillage.supportcare.presets import cancer_pathway_line
from maillage.supportcare.quota import (
    Allowance,
    HeldAct,
    QuotaRefused,
    check_next,
    euros,
    remaining_sessions,
)
from maillage.supportcare.selectors import rule_versions_of

PSY, DIET, APA = SupportKind.PSYCHOLOGY, SupportKind.DIETETICS, SupportKind.APA


@pytest.fixture
def rule(network, director):
    line = cancer_pathway_line(
        actor=director, network=network, year=2026, budget=Decimal("18000.00")
    )
    return rule_versions_of(line).get()


def hold(rule, kinds, allowance=None):
    held: list[HeldAct] = []
    for kind in kinds:
        act, amount = check_next(rule, kind, held, allowance or Allowance())
        held.append(HeldAct(kind, act, amount))
    return held


def total(held):
    return sum((a.amount for a in held), Decimal("0"))


def test_one_assessment_and_six_follow_ups_use_exactly_180_euros(rule):
    held = hold(rule, [PSY] * 7)
    assert [a.act_kind for a in held] == [ActKind.INITIAL] + [ActKind.FOLLOW_UP] * 6
    assert [a.amount for a in held] == [Decimal("45.00")] + [Decimal("22.50")] * 6
    assert total(held) == Decimal("180.00")
    assert isinstance(total(held), Decimal)
    with pytest.raises(QuotaRefused) as refused:
        hold(rule, [PSY] * 8)
    text = " ".join(refused.value.messages)
    assert "6 au plus" in text
    assert "Plafond atteint" in text


def test_the_six_follow_ups_count_dietetics_and_psychology_together(rule):
    # With room in the amount (an exception of 100 €), the count of follow-ups still binds.
    allowance = Allowance(extra_amount=Decimal("100.00"))
    held = hold(rule, [PSY, DIET, PSY, DIET, PSY, DIET, PSY, DIET], allowance)
    assert total(held) == Decimal("45.00") * 2 + Decimal("22.50") * 6
    for kind in (PSY, DIET):
        with pytest.raises(QuotaRefused) as refused:
            check_next(rule, kind, held, allowance)
        assert refused.value.messages == [refused.value.messages[0]]
        assert "6 au plus" in refused.value.messages[0]


def test_the_cap_binds_before_the_count_when_two_assessments_were_held(rule):
    held = hold(rule, [PSY, DIET, PSY, PSY, DIET, DIET])
    assert total(held) == Decimal("180.00")
    with pytest.raises(QuotaRefused) as refused:
        check_next(rule, DIET, held, Allowance())
    assert "Plafond atteint" in refused.value.messages[0]
    assert euros(Decimal("180.00")) in refused.value.messages[0]


def test_three_assessments_leave_room_for_two_follow_ups(rule):
    held = hold(rule, [APA, DIET, PSY, PSY, DIET])
    assert total(held) == Decimal("180.00")
    assert remaining_sessions(rule, PSY, held, Allowance()) == 0
    with pytest.raises(QuotaRefused):
        check_next(rule, PSY, held, Allowance())


def test_two_assessments_and_four_follow_ups(rule):
    held = hold(rule, [DIET, PSY, DIET, DIET, PSY, PSY])
    assert total(held) == Decimal("180.00")
    assert remaining_sessions(rule, DIET, held, Allowance()) == 0


def test_apa_is_paid_as_one_assessment_only(rule):
    held = hold(rule, [APA])
    with pytest.raises(QuotaRefused) as refused:
        check_next(rule, APA, held, Allowance())
    assert "bilan initial" in refused.value.messages[0]


def test_a_kind_the_line_does_not_pay_is_refused(rule):
    with pytest.raises(QuotaRefused) as refused:
        check_next(rule, SupportKind.SOPHROLOGY, [], Allowance())
    assert "sophrologie" in refused.value.messages[0]


def test_remaining_sessions_counts_down_to_zero(rule):
    assert remaining_sessions(rule, PSY, [], Allowance()) == 7
    assert remaining_sessions(rule, PSY, hold(rule, [PSY] * 6), Allowance()) == 1


def test_an_exception_extends_both_the_count_and_the_cap(rule):
    allowance = Allowance(extra_sessions={PSY: 1}, extra_amount=Decimal("22.50"))
    held = hold(rule, [PSY] * 8, allowance)
    assert total(held) == Decimal("202.50")
    with pytest.raises(QuotaRefused):
        check_next(rule, PSY, held, allowance)
