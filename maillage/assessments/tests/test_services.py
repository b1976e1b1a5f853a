"""Assessments through the real database: signing, immutability (enforced by a trigger),
corrections, problems for the PPS, the journal entry and the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from maillage.assessments import selectors, services
from maillage.assessments.migrations import _triggers_for_tests as triggers
from maillage.assessments.models import (
    AssessmentSection,
    Domain,
    InstrumentResult,
    ProblemCatalogue,
    Severity,
    Status,
)
from maillage.assessments.tests.factories import ZARIT_MODERATE, aggir_all, all_adverbs
from maillage.audit.models import AuditEvent
from maillage.patients.models import JournalEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(followed_patient, coordinator):
    return services.assessment_create(
        actor=coordinator,
        patient=followed_patient,
        assessed_on=timezone.localdate(),
        participants="La personne, sa fille",
    )


def test_it_creates_one_section_per_domain_and_the_default_catalogue(assessment, network):
    domains = set(
        AssessmentSection.objects.filter(assessment=assessment).values_list("domain", flat=True)
    )
    assert domains == set(Domain.values)
    codes = set(ProblemCatalogue.objects.filter(network=network).values_list("code", flat=True))
    assert {"chutes", "denutrition", "epuisement-aidant", "isolement", "logement-inadapte"} <= codes


def test_it_refuses_a_future_date(followed_patient, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(
            actor=coordinator,
            patient=followed_patient,
            assessed_on=timezone.localdate() + datetime.timedelta(days=2),
        )
    assert "future" in str(exc.value)


def test_autosave_is_all_or_nothing(assessment, coordinator):
    services.assessment_autosave(
        actor=coordinator,
        assessment=assessment,
        changes={"section-nutrition": "Perte de 4 kg", "place": "phone"},
    )
    assessment.refresh_from_db()
    assert assessment.place == "phone"
    assert assessment.sections.get(domain="nutrition").observations == "Perte de 4 kg"
    with pytest.raises(ValidationError) as exc:
        services.assessment_autosave(
            actor=coordinator,
            assessment=assessment,
            changes={"section-pain": "EN 6", "assessed_on": "31/02/2024"},
        )
    assert "Date de l'évaluation" in str(exc.value)
    assert assessment.sections.get(domain="pain").observations == ""


def test_a_partial_instrument_is_a_draft_never_scored(assessment, coordinator):
    result = services.result_save_draft(
        actor=coordinator,
        assessment=assessment,
        instrument_code="zarit",
        answers={"items": [2] * 10},
    )
    assert not result.is_complete and result.score is None and result.category == ""
    with pytest.raises(ValidationError) as exc:
        services.assessment_sign(actor=coordinator, assessment=assessment)
    assert "Zarit" in str(exc.value)


def test_a_wrong_answer_is_refused_with_the_item_named(assessment, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.result_save_draft(
            actor=coordinator,
            assessment=assessment,
            instrument_code="aggir",
            answers={"variables": {"coherence": "D"}},
        )
    assert "cohérence" in str(exc.value)
    assert not InstrumentResult.objects.exists()


@pytest.mark.parametrize(
    ("place", "kind"), [("home", "visit"), ("office", "office_visit"), ("phone", "call")]
)
def test_the_journal_entry_of_a_signed_assessment_says_how_the_patient_was_met(
    followed_patient, coordinator, place, kind
):
    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate(), place=place
    )
    services.assessment_sign(actor=coordinator, assessment=assessment)
    assert JournalEntry.objects.get(source="assessments.assessment").kind == kind


def _sign_full(assessment, coordinator):
    answers = aggir_all("B")
    answers["variables"]["toilette"] = {"haut": all_adverbs(True), "bas": all_adverbs(False)}
    services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="aggir", answers=answers
    )
    services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="zarit", answers=ZARIT_MODERATE
    )
    fall = ProblemCatalogue.objects.get(network=assessment.network, code="chutes")
    services.problem_add(
        actor=coordinator,
        assessment=assessment,
        domain=Domain.AUTONOMY,
        catalogue=fall,
        severity=Severity.SEVERE,
    )
    services.problem_add(
        actor=coordinator,
        assessment=assessment,
        domain=Domain.HOUSING,
        free_text="Escalier sans rampe",
    )
    return services.assessment_sign(actor=coordinator, assessment=assessment)


def test_signing_scores_signs_journals_and_audits_who_scored_what(assessment, coordinator):
    _sign_full(assessment, coordinator)
    results = {r.instrument_code: r for r in InstrumentResult.objects.all()}
    assert results["aggir"].status == Status.SIGNED
    assert results["aggir"].details["gir"] == 4
    assert results["zarit"].score == 44
    assert results["zarit"].label == "Fardeau modéré à sévère"
    entry = JournalEntry.objects.get(source="assessments.assessment")
    assert entry.source_uuid == assessment.public_id
    assert "Instruments signés : AGGIR, Zarit." in entry.body
    assert "2 problème(s)" in entry.body
    assert "Fardeau" not in entry.body  # results stay behind the medical category
    signed = AuditEvent.objects.filter(action="assessments.result.signed")
    assert signed.count() == 2
    zarit = signed.get(details__instrument="zarit")
    assert zarit.actor_uuid == coordinator.public_id
    assert zarit.details["score"] == 44 and zarit.details["category"] == "moderate_to_severe"
    assert zarit.patient_uuid == assessment.patient.public_id


def test_problems_for_pps_lists_signed_assessments_only(assessment, coordinator, followed_patient):
    draft = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    services.problem_add(
        actor=coordinator, assessment=draft, domain=Domain.PAIN, free_text="Douleur du genou"
    )
    _sign_full(assessment, coordinator)
    problems = list(selectors.problems_for_pps(followed_patient))
    assert [p.label for p in problems] == ["Chutes", "Escalier sans rampe"]
    assert problems[0].code == "chutes" and problems[0].severity == "severe"
    assert problems[1].code == ""


def test_a_signed_assessment_refuses_changes(assessment, coordinator):
    _sign_full(assessment, coordinator)
    assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.assessment_autosave(
            actor=coordinator, assessment=assessment, changes={"participants": "x"}
        )
    with pytest.raises(ValidationError):
        services.result_save_draft(
            actor=coordinator,
            assessment=assessment,
            instrument_code="zarit",
            answers=ZARIT_MODERATE,
        )


def test_the_database_refuses_to_update_a_signed_result(assessment, coordinator):
    _sign_full(assessment, coordinator)
    result = InstrumentResult.objects.get(instrument_code="zarit")
    with pytest.raises(DatabaseError), transaction.atomic():
        InstrumentResult.objects.filter(pk=result.pk).update(score=10)
    with pytest.raises(DatabaseError), transaction.atomic():
        InstrumentResult.objects.filter(pk=result.pk).update(status="draft")
    result.refresh_from_db()
    assert result.score == 44


def test_drafts_stay_editable_in_the_database(assessment, coordinator):
    result = services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="zarit", answers={"items": [1]}
    )
    InstrumentResult.objects.filter(pk=result.pk).update(label="x")
    result.refresh_from_db()
    assert result.label == "x"


def test_the_trigger_protects_every_column_but_the_patient():
    fields = {f.column for f in InstrumentResult._meta.concrete_fields}
    assert set(triggers.PROTECTED_COLUMNS) == fields - {"patient_id"}


def test_a_correction_is_a_new_signed_result_linked_to_the_old(
    assessment, coordinator, medical_lead
):
    _sign_full(assessment, coordinator)
    original = InstrumentResult.objects.get(instrument_code="zarit")
    corrected = services.result_correct(
        actor=medical_lead,
        original=original,
        answers={"items": [1] * 22},
        reason="Item 4 mal saisi",
    )
    original.refresh_from_db()
    assert original.score == 44 and original.is_signed
    assert corrected.corrects == original and corrected.score == 22 and corrected.is_signed
    assert [
        r.pk
        for r in selectors.signed_results_of(assessment.patient).filter(instrument_code="zarit")
    ] == [corrected.pk]
    with pytest.raises(ValidationError):
        services.result_correct(
            actor=medical_lead, original=original, answers=ZARIT_MODERATE, reason="x"
        )
    with pytest.raises(ValidationError):
        services.result_correct(
            actor=medical_lead, original=corrected, answers={"items": [1]}, reason="x"
        )


def test_catalogue_codes_are_unique_per_network(network, other_network, coordinator):
    services.catalogue_entry_add(
        actor=coordinator, network=network, code="incurie", label="Incurie", domain="housing"
    )
    with pytest.raises(ValidationError):
        services.catalogue_entry_add(
            actor=coordinator, network=network, code="incurie", label="X", domain="housing"
        )
    services.catalogue_entry_add(
        actor=coordinator, network=other_network, code="incurie", label="Incurie", domain="housing"
    )


def test_a_problem_from_another_networks_catalogue_is_refused(
    assessment, coordinator, other_network
):
    services.catalogue_ensure_defaults(other_network)
    foreign = ProblemCatalogue.objects.get(network=other_network, code="chutes")
    with pytest.raises(ValidationError):
        services.problem_add(
            actor=coordinator, assessment=assessment, domain="autonomy", catalogue=foreign
        )


def test_an_identity_merge_may_still_move_a_signed_result(assessment, coordinator, network):
    from maillage.patients.tests.factories import PatientFactory

    _sign_full(assessment, coordinator)
    kept = PatientFactory(network=network)
    result = InstrumentResult.objects.get(instrument_code="zarit")
    InstrumentResult.objects.filter(pk=result.pk).update(patient=kept)
    result.refresh_from_db()
    assert result.patient == kept and result.score == 44
