"""The PPS reads the assessments' real selectors: problems of signed assessments, latest GIR."""

import pytest
from django.utils import timezone

from maillage.assessments import services as assessment_services
from maillage.assessments.tests.factories import aggir_all
from maillage.careplans import sources

pytestmark = pytest.mark.django_db


def test_it_imports_signed_problems_and_the_latest_gir(coordinator, followed_patient):
    assessment = assessment_services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    assessment_services.problem_add(
        actor=coordinator,
        assessment=assessment,
        domain="social_rights",
        free_text="Droits APA non ouverts",
        severity="moderate",
    )
    assessment_services.result_save_draft(
        actor=coordinator,
        assessment=assessment,
        instrument_code="aggir",
        answers=aggir_all("C"),
    )
    assert sources.assessment_problems(followed_patient) == []  # nothing signed yet
    assessment_services.assessment_sign(actor=coordinator, assessment=assessment)
    proposals = sources.assessment_problems(followed_patient)
    assert [(p.domain, p.label) for p in proposals] == [("social", "Droits APA non ouverts")]
    assert sources.latest_gir(followed_patient) == 1


def test_the_liaison_sheet_summary_names_the_validated_version(
    coordinator, followed_patient, gp_member
):
    from maillage.careplans.builders import validated
    from maillage.careplans.selectors import current_validated_pps_summary
    from maillage.hospital.adapters import pps_summary

    assert pps_summary(followed_patient) is None
    version = validated(coordinator, followed_patient, member=gp_member)
    summary = current_validated_pps_summary(followed_patient)
    assert summary.startswith(f"PPS version {version.number} validé le ")
    assert pps_summary(followed_patient) == summary
