import pytest
from django.db import (
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
    connection,
    transaction,
)

from maillage.audit import record
from maillage.audit.models import AuditEvent

REFUSED = (IntegrityError, InternalError, OperationalError, ProgrammingError)


@pytest.mark.django_db
def test_it_refuses_update_and_delete_through_the_orm():
    event = record("tests.thing.done")
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tests.thing.forged")
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).action == "tests.thing.done"


@pytest.mark.django_db
def test_events_are_chained():
    first = record("tests.first")
    second = record("tests.second")
    assert second.prev_hash == first.hash
    assert second.hash == second.compute_hash()
