"""Referrals: consent, eligibility explained in French, quota and budget left, status changes,
exceptions; each audited and written to the patient's journal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.audit.models import AuditEvent
from maillage.supportcare.models import Entitlement, ReferralStatus, SupportCareReferral
from maillage.supportcare.services.funding import funding_line_update
from maillage.supportcare.services.referrals import (
    quota_exception_grant,
    referral_create,
    referral_transition,
)
from maillage.supportcare.tests.conftest import REFERRED_ON, eligible_evidence


def journal_bodies(patient) -> list[str]:
    from maillage.patients.models import JournalEntry

    return list(JournalEntry.objects.filter(patient=patient).values_list("body", flat=True))


def test_a_referral_needs_consent_not_an_enrolment(referral, sc_patient):
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.granted_amount == Decimal("180.00")  # 45 + 6 × 22.50
    assert not sc_patient.enrolments.exists() if hasattr(sc_patient, "enrolments") else True
    assert referral.entitlement.patient == sc_patient
    assert AuditEvent.objects.filter(
        action="supportcare.referral.created", patient_uuid=sc_patient.public_id
    ).exists()
    assert any("Orientation proposée" in body for body in journal_bodies(sc_patient))


def test_it_refuses_a_patient_who_did_not_agree_to_share(
    network, coordinator, cancer_line, support_provider, covered_commune
):
    from maillage.patients.tests.factories import PatientFactory

    patient = PatientFactory(network=network)
    with pytest.raises(ValidationError) as refused:
        referral_create(
            actor=coordinator,
            patient=patient,
            funding_line=cancer_line,
            kind="psychology",
            provider=support_provider,
            sessions_granted=3,
            referred_on=REFERRED_ON,
            **eligible_evidence(covered_commune),
        )
    assert "Consentement" in refused.value.messages[0]
    assert not SupportCareReferral.objects.exists()


def test_it_explains_each_eligibility_refusal(sc_patient, make_referral):
    with pytest.raises(ValidationError) as refused:
        make_referral(
            sc_patient,
            has_ald=False,
            prescribed_on=date(2027, 3, 11),
            treatment_ended_on=date(2026, 3, 10),
        )
    text = " ".join(refused.value.messages)
    assert "ALD" in text
    assert not SupportCareReferral.objects.exists()


def test_twelve_months_after_treatment_is_the_last_day(sc_patient, make_referral):
    with pytest.raises(ValidationError) as refused:
        make_referral(sc_patient, treatment_ended_on=date(2025, 5, 19))
    assert "au plus tard le 19/05/2026" in " ".join(refused.value.messages)
    assert make_referral(sc_patient, treatment_ended_on=date(2025, 5, 20)).pk


def test_it_refuses_more_sessions_than_the_rule_allows(sc_patient, make_referral):
    with pytest.raises(ValidationError) as refused:
        make_referral(sc_patient, sessions=8)
    assert "n'en permet plus que 7" in " ".join(refused.value.messages)
    make_referral(sc_patient, sessions=4)
    with pytest.raises(ValidationError) as refused:
        make_referral(sc_patient, kind="dietetics", sessions=4)
    # 45 + 3 × 22.50 = 112.50 € granted in psychology: dietetics has room for its assessment
    # and one follow-up (180 € cap), whatever the count of follow-ups would allow.
    assert "n'en permet plus que 2" in " ".join(refused.value.messages)
    make_referral(sc_patient, kind="dietetics", sessions=2)


def test_it_refuses_a_provider_without_a_convention_on_the_date(
    sc_patient, make_referral, support_provider
):
    support_provider.conventions.update(starts_on=date(2026, 7, 1))
    with pytest.raises(ValidationError) as refused:
        make_referral(sc_patient)
    assert "aucune convention en vigueur le 01/06/2026" in " ".join(refused.value.messages)


def test_it_refuses_what_the_budget_cannot_cover(sc_patient, make_referral, cancer_line, director):
    funding_line_update(actor=director, line=cancer_line, budget=Decimal("100.00"))
    with pytest.raises(ValidationError) as refused:
        make_referral(sc_patient)
    assert "Budget" in " ".join(refused.value.messages)


def test_status_changes_follow_the_allowed_paths_and_a_stop_needs_a_reason(
    referral, coordinator, sc_patient
):
    with pytest.raises(ValidationError):
        referral_transition(actor=coordinator, referral=referral, to_status=ReferralStatus.PROPOSED)
    with pytest.raises(ValidationError) as refused:
        referral_transition(actor=coordinator, referral=referral, to_status=ReferralStatus.STOPPED)
    assert "Motif d'arrêt" in " ".join(refused.value.messages)
    referral_transition(
        actor=coordinator,
        referral=referral,
        to_status=ReferralStatus.STOPPED,
        reason="Déménagement hors du territoire",
    )
    referral.refresh_from_db()
    assert referral.stop_reason == "Déménagement hors du territoire"
    assert [t.to_status for t in referral.transitions.all()] == ["proposed", "accepted", "stopped"]
    assert any("Déménagement" in body for body in journal_bodies(sc_patient))


def test_only_the_medical_lead_or_director_grant_an_exception(
    referral, coordinator, medical_lead, director
):
    with pytest.raises(PermissionDenied):
        quota_exception_grant(
            actor=coordinator,
            role="coordinator",
            referral=referral,
            extra_sessions=1,
            extra_amount=Decimal("22.50"),
            reason="Besoin",
        )
    with pytest.raises(ValidationError):
        quota_exception_grant(
            actor=medical_lead,
            role="medical_lead",
            referral=referral,
            extra_sessions=1,
            extra_amount=Decimal("0"),
            reason="  ",
        )
    quota_exception_grant(
        actor=director,
        role="director",
        referral=referral,
        extra_sessions=2,
        extra_amount=Decimal("45.00"),
        reason="Rechute anxieuse",
    )
    referral.refresh_from_db()
    assert referral.sessions_granted == 9
    event = AuditEvent.objects.get(action="supportcare.quota_exception.granted")
    assert event.details["reason"] == "Rechute anxieuse"
    assert event.details["extra_amount"] == "45.00"


def test_one_open_entitlement_per_patient_and_line(sc_patient, make_referral):
    first = make_referral(sc_patient, sessions=3)
    second = make_referral(sc_patient, kind="dietetics", sessions=2)
    assert first.entitlement_id == second.entitlement_id
    assert Entitlement.objects.filter(patient=sc_patient).count() == 1
