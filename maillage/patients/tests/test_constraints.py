"""Rules the database itself keeps, whatever the code path."""

import datetime

import pytest
from django.db import (
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
    connection,
    transaction,
)

from maillage.patients.migrations import _triggers_for_tests as triggers
from maillage.patients.models import IdentityStatus, JournalEntry, Patient
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    EnrolmentFactory,
    JournalEntryFactory,
    PatientFactory,
)

REFUSED = (IntegrityError, InternalError, OperationalError, ProgrammingError)
pytestmark = pytest.mark.django_db


def test_a_patient_has_at_most_one_current_gp():
    member = CareTeamMemberFactory(role="gp")
    with pytest.raises(IntegrityError), transaction.atomic():
        CareTeamMemberFactory(patient=member.patient, role="gp")
    CareTeamMemberFactory(patient=member.patient, role="nurse")


def test_a_care_team_end_needs_a_reason_and_cannot_precede_the_start():
    member = CareTeamMemberFactory(role="nurse")
    member.ended_on = member.started_on - datetime.timedelta(days=1)
    member.end_reason = "care_ended"
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()
    member.ended_on = member.started_on
    member.end_reason = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_a_patient_has_at_most_one_open_enrolment():
    enrolment = EnrolmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(patient=enrolment.patient, lead_coordinator=enrolment.lead_coordinator)


def test_ins_is_stored_only_for_a_qualified_identity():
    patient = PatientFactory()
    patient.ins_matricule = "295109912611193"
    patient.ins_oid = "1.2.250.1.213.1.4.8"
    with pytest.raises(IntegrityError), transaction.atomic():
        patient.save()
    patient.identity_status = IdentityStatus.QUALIFIED
    patient.identity_document = "cni"
    patient.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT ins_matricule FROM patients_patient WHERE id = %s", [patient.pk])
        stored = cursor.fetchone()[0]
    assert "295109912611193" not in stored  # encrypted at rest
    assert Patient.objects.get(pk=patient.pk).ins_matricule == "295109912611193"


def test_a_validated_identity_has_a_document():
    patient = PatientFactory()
    patient.identity_status = IdentityStatus.VALIDATED
    with pytest.raises(IntegrityError), transaction.atomic():
        patient.save()


def test_the_journal_refuses_update_and_delete():
    entry = JournalEntryFactory()
    with pytest.raises(REFUSED), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(body="réécrit")
    with pytest.raises(REFUSED), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM patients_journalentry")
    entry.refresh_from_db()
    assert entry.body != "réécrit"


def test_the_journal_refuses_moving_entries_outside_a_merge_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the merge declaration is a PostgreSQL session setting")
    entry = JournalEntryFactory()
    other = PatientFactory(network=entry.network)
    with pytest.raises(REFUSED), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(patient=other)


def test_the_trigger_protects_every_journal_column_but_the_patient():
    columns = {f.column for f in JournalEntry._meta.concrete_fields}
    assert columns - {"patient_id"} == set(triggers.PROTECTED_COLUMNS)


def test_a_manual_journal_entry_has_an_author():
    patient = PatientFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntryFactory(patient=patient, author=None)
