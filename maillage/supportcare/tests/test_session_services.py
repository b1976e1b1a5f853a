"""Sessions: held, missed, cancelled; refused before the referral, in the future, without a
convention, over the quota or the cap; priced by the version in force; warnings."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.audit.models import AuditEvent
from maillage.supportcare.models import (
    ActKind,
    ReferralStatus,
    SessionStatus,
    SupportSession,
)
from maillage.supportcare.selectors import rule_versions_of
from maillage.supportcare.services.funding import PriceSpec, rule_fields_of, rule_version_create
from maillage.supportcare.services.referrals import quota_exception_grant
from maillage.supportcare.services.sessions import session_cancel, session_record
from maillage.supportcare.services.statements import statement_issue

HELD = SessionStatus.HELD


def hold(referral, actor, *days):
    results = []
    for day in days:
        results.append(session_record(actor=actor, referral=referral, day=day, status=HELD))
    return results


def test_the_first_held_session_is_the_assessment_and_opens_the_window(referral, coordinator):
    ((session, warnings),) = hold(referral, coordinator, date(2026, 6, 10))
    assert session.act_kind == ActKind.INITIAL and session.price == Decimal("45.00")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS
    entitlement = referral.entitlement
    entitlement.refresh_from_db()
    assert entitlement.starts_on == date(2026, 6, 10)
    assert entitlement.ends_on == date(2027, 6, 9)
    assert entitlement.used_amount == Decimal("45.00")
    assert warnings == ["Première séance réalisée : le droit du patient est ouvert."]
    assert AuditEvent.objects.filter(action="supportcare.session.recorded").count() == 1


def test_warnings_say_one_left_then_reached(referral, coordinator):
    days = [date(2026, 6, d) for d in (10, 12, 15, 17, 19, 22)]
    results = hold(referral, coordinator, *days)
    assert "Plus qu'une séance possible pour ce patient." in results[-1][1]
    _, warnings = session_record(
        actor=coordinator, referral=referral, day=date(2026, 6, 24), status=HELD
    )
    assert any("Quota atteint" in w for w in warnings)
    with pytest.raises(ValidationError) as refused:
        session_record(actor=coordinator, referral=referral, day=date(2026, 6, 25), status=HELD)
    assert "toutes réalisées" in " ".join(refused.value.messages)
    total = sum(s.price for s in SupportSession.objects.filter(status=HELD))
    assert total == Decimal("180.00")


def test_the_cap_refuses_even_with_sessions_granted_left(referral, coordinator, medical_lead):
    hold(referral, coordinator, *[date(2026, 6, d) for d in range(10, 17)])
    quota_exception_grant(
        actor=medical_lead,
        role="medical_lead",
        referral=referral,
        extra_sessions=1,
        extra_amount=Decimal("0"),
        reason="Suivi prolongé",
    )
    with pytest.raises(ValidationError) as refused:
        session_record(actor=coordinator, referral=referral, day=date(2026, 6, 20), status=HELD)
    assert "Plafond atteint" in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("day", "status", "expected"),
    [
        (date(2026, 5, 31), HELD, "précède l'orientation"),
        (date(2099, 1, 5), HELD, "dans le futur"),
        (date(2099, 1, 5), SessionStatus.MISSED_UNEXCUSED, "dans le futur"),
        (date(2026, 6, 3), SessionStatus.SCHEDULED, "à venir"),
    ],
)
def test_it_refuses_impossible_dates_in_french(referral, coordinator, day, status, expected):
    with pytest.raises(ValidationError) as refused:
        session_record(actor=coordinator, referral=referral, day=day, status=status)
    assert expected in " ".join(refused.value.messages)
    assert not SupportSession.objects.exists()


def test_it_refuses_a_provider_without_a_convention_that_day(
    referral, coordinator, support_provider
):
    support_provider.conventions.update(ends_on=date(2026, 6, 30))
    hold(referral, coordinator, date(2026, 6, 30))
    with pytest.raises(ValidationError) as refused:
        session_record(actor=coordinator, referral=referral, day=date(2026, 7, 1), status=HELD)
    assert "pas de convention en vigueur le 01/07/2026" in " ".join(refused.value.messages)


def test_a_session_needs_an_accepted_referral(make_referral, sc_patient, coordinator):
    proposed = make_referral(sc_patient, accept=False)
    with pytest.raises(ValidationError) as refused:
        session_record(actor=coordinator, referral=proposed, day=date(2026, 6, 10), status=HELD)
    assert "acceptée par le patient" in " ".join(refused.value.messages)


def test_a_price_change_mid_period_prices_each_session_by_its_day(
    referral, coordinator, director, cancer_line
):
    hold(referral, coordinator, date(2026, 6, 10), date(2026, 6, 20))
    current = rule_versions_of(cancer_line).first()
    fields = rule_fields_of(current)
    fields["amount_cap"] = Decimal("200.00")
    prices = [PriceSpec(p.kind, p.act_kind, p.amount) for p in current.prices.all()]
    prices = [
        PriceSpec(p.kind, p.act_kind, Decimal("25.00")) if p.act_kind == ActKind.FOLLOW_UP else p
        for p in prices
    ]
    # Not before a session already valued under the current rules:
    with pytest.raises(ValidationError) as refused:
        rule_version_create(
            actor=director,
            line=cancer_line,
            valid_from=date(2026, 6, 15),
            prices=prices,
            limits=[],
            **fields,
        )
    assert "postérieure au 20/06/2026" in " ".join(refused.value.messages)
    rule_version_create(
        actor=director,
        line=cancer_line,
        valid_from=date(2026, 7, 1),
        prices=prices,
        limits=[],
        **fields,
    )
    ((late, _),) = hold(referral, coordinator, date(2026, 7, 2))
    assert late.price == Decimal("25.00") and late.rule.number == 2
    assert [s.price for s in SupportSession.objects.order_by("day")] == [
        Decimal("45.00"),
        Decimal("22.50"),
        Decimal("25.00"),
    ]


def test_missed_and_scheduled_sessions_cost_nothing(referral, coordinator):
    session, _ = session_record(
        actor=coordinator,
        referral=referral,
        day=date(2026, 6, 10),
        status=SessionStatus.MISSED_EXCUSED,
    )
    assert session.price is None
    referral.entitlement.refresh_from_db()
    assert referral.entitlement.used_sessions == 0


def test_a_held_session_can_be_corrected_until_its_statement(
    referral, coordinator, director, support_provider
):
    (first, _), (second, _) = hold(referral, coordinator, date(2026, 6, 10), date(2026, 6, 12))
    with pytest.raises(ValidationError) as refused:
        session_cancel(actor=coordinator, session=first, reason="Erreur de saisie")
    assert "bilan initial" in " ".join(refused.value.messages)
    session_cancel(actor=coordinator, session=second, reason="Erreur de saisie")
    referral.entitlement.refresh_from_db()
    assert referral.entitlement.used_amount == Decimal("45.00")
    statement_issue(actor=director, provider=support_provider, month=date(2026, 6, 1))
    first.refresh_from_db()
    with pytest.raises(ValidationError):
        session_cancel(actor=coordinator, session=first, reason="Trop tard")
    with pytest.raises(ValidationError) as refused:
        session_record(actor=coordinator, referral=referral, day=date(2026, 6, 30), status=HELD)
    assert "relevé de 06/2026" in " ".join(refused.value.messages)
