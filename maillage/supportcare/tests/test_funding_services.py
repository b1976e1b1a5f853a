"""Funding lines and rule versions: a price change is a new version, never an overwrite."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.audit.models import AuditEvent
from maillage.supportcare.models import ActKind, ActPrice, RuleVersion, SupportKind
from maillage.supportcare.selectors import rule_in_force, rule_versions_of
from maillage.supportcare.services.funding import (
    PriceSpec,
    funding_line_update,
    rule_fields_of,
    rule_version_create,
)

PSY = SupportKind.PSYCHOLOGY


def new_version(line, actor, day, amount):
    current = rule_versions_of(line).first()
    return rule_version_create(
        actor=actor,
        line=line,
        valid_from=day,
        prices=[PriceSpec(PSY, ActKind.FOLLOW_UP, Decimal(amount))],
        limits=[],
        **rule_fields_of(current),
    )


def test_it_creates_the_cancer_pathway_as_data_with_its_source(cancer_line):
    rule = rule_versions_of(cancer_line).get()
    assert rule.number == 1 and rule.valid_to is None
    assert rule.amount_cap == Decimal("180.00")
    prices = {(p.kind, p.act_kind): p.amount for p in rule.prices.all()}
    assert prices[(PSY, ActKind.INITIAL)] == Decimal("45.00")
    assert prices[(PSY, ActKind.FOLLOW_UP)] == Decimal("22.50")
    assert "2020-1665" in rule.source
    assert [(lim.kinds, lim.max_sessions) for lim in rule.limits.all()] == [
        (["dietetics", "psychology"], 6)
    ]
    assert AuditEvent.objects.filter(action="supportcare.rule_version.created").count() == 1


def test_a_price_change_mid_period_is_a_new_version(cancer_line, director):
    v2 = new_version(cancer_line, director, date(2026, 7, 1), "25.00")
    v1 = RuleVersion.objects.get(funding_line=cancer_line, number=1)
    assert v1.valid_to == date(2026, 6, 30)
    assert v2.number == 2 and v2.valid_from == date(2026, 7, 1)
    # The first version's prices are untouched.
    assert ActPrice.objects.get(rule=v1, kind=PSY, act_kind=ActKind.FOLLOW_UP).amount == Decimal(
        "22.50"
    )
    assert rule_in_force(cancer_line, date(2026, 6, 30)).number == 1
    assert rule_in_force(cancer_line, date(2026, 7, 1)).number == 2
    event = AuditEvent.objects.filter(action="supportcare.rule_version.created").last()
    assert event.details["previous_closed_on"] == "2026-06-30"
    assert event.details["prices"] == [["psychology", "follow_up", "25.00"]]


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2025, 12, 1)])
def test_it_refuses_a_version_that_would_overwrite_or_precede_the_current_one(
    cancer_line, director, day
):
    with pytest.raises(ValidationError) as refused:
        new_version(cancer_line, director, day, "25.00")
    message = " ".join(refused.value.messages)
    assert "jamais modifiées" in message or "période de la ligne" in message
    assert RuleVersion.objects.filter(funding_line=cancer_line).count() == 1


def test_it_refuses_a_version_outside_the_line_period(cancer_line, director):
    with pytest.raises(ValidationError) as refused:
        new_version(cancer_line, director, date(2027, 1, 1), "25.00")
    assert "période de la ligne" in refused.value.messages[0]


def test_it_refuses_a_version_without_prices_or_with_a_zero_price(cancer_line, director):
    current = rule_versions_of(cancer_line).first()
    with pytest.raises(ValidationError):
        rule_version_create(
            actor=director,
            line=cancer_line,
            valid_from=date(2026, 3, 1),
            prices=[],
            limits=[],
            **rule_fields_of(current),
        )
    with pytest.raises(ValidationError):
        new_version(cancer_line, director, date(2026, 3, 1), "0")
    assert RuleVersion.objects.get(funding_line=cancer_line).valid_to is None


def test_budget_changes_are_audited_with_exact_decimals(cancer_line, director):
    funding_line_update(actor=director, line=cancer_line, budget=Decimal("18000.10"))
    cancer_line.refresh_from_db()
    assert cancer_line.budget == Decimal("18000.10")
    event = AuditEvent.objects.filter(action="supportcare.funding_line.updated").get()
    assert event.details["changes"]["budget"] == {"from": "18000.00", "to": "18000.10"}
