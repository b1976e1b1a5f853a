"""The retention purge is the only path that deletes journal entries."""

import pytest
from django.db import (
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
    transaction,
)

from maillage.patients.models import JournalEntry, Patient
from maillage.patients.purge import journal_deletion_allowed
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    ConsentFactory,
    JournalEntryFactory,
    TaskFactory,
)
from maillage.retention.network import purge_network

pytestmark = pytest.mark.django_db
REFUSED = (IntegrityError, InternalError, OperationalError, ProgrammingError)


def test_deletion_is_allowed_only_inside_the_purge_block(followed_patient):
    entry = JournalEntryFactory(patient=followed_patient)
    with transaction.atomic(), journal_deletion_allowed():
        JournalEntry.objects.filter(pk=entry.pk).delete()
    other = JournalEntryFactory(patient=followed_patient)
    with pytest.raises(REFUSED), transaction.atomic():
        JournalEntry.objects.filter(pk=other.pk).delete()
    assert JournalEntry.objects.filter(pk=other.pk).exists()


def test_a_network_with_a_journal_can_leave_the_platform(
    network, followed_patient, coordinator, director
):
    JournalEntryFactory(patient=followed_patient, author=coordinator)
    CareTeamMemberFactory(patient=followed_patient, role="nurse")
    ConsentFactory(patient=followed_patient, recorded_by=coordinator)
    TaskFactory(patient=followed_patient, assignee=coordinator)
    result = purge_network(network=network, actor=director)
    assert result.counts["patients.journalentry"] >= 1
    assert not Patient.objects.filter(pk=followed_patient.pk).exists()
    other = JournalEntryFactory()
    with pytest.raises(REFUSED), transaction.atomic():
        JournalEntry.objects.filter(pk=other.pk).delete()
