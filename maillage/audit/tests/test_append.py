"""How an event is appended: on PostgreSQL one statement (migration 0004's audit_append) that
locks the chain, reads its head and inserts the event hashed by the database over the text the
application computed; the chain must be exactly the one compute_event_hash / audit_verify
check, under concurrent writers too."""

import datetime
import threading
import uuid

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.audit import record
from maillage.audit.models import (
    GENESIS_HASH,
    AuditEvent,
    _canonical,
    _payload,
    compute_event_hash,
    event_hash_parts,
)
from maillage.audit.verify import verify_chain

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="audit_append is PostgreSQL's"
)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {
            "actor_uuid": uuid.uuid4(),
            "actor_label": 'Zoé "la" coordinatrice \\ é\u2028 \U0001f600',
            "network_uuid": uuid.uuid4(),
            "target_type": "patients.patient",
            "target_uuid": uuid.uuid4(),
            "patient_uuid": uuid.uuid4(),
            "ip": "2001:db8::1",
            "user_agent": 'Mozilla/5.0 (prev_hash) "x"',
            "details": {"prev_hash": "z", "tab": "chronologie", "n": [1, 2.5, None, {"a": "é"}]},
        },
    ],
)
def test_the_parts_around_the_previous_hash_are_the_canonical_text(fields):
    event = AuditEvent(
        at=timezone.now() - datetime.timedelta(days=3),
        action="tests.parts",
        prev_hash="ab" * 32,
        **fields,
    )
    head, tail = event_hash_parts(event)
    assert head + event.prev_hash + tail == _canonical(_payload(event))


@pytest.mark.django_db
def test_a_recorded_event_reads_back_with_its_hash_and_link():
    first = record("tests.first", details={"note": "Été à Saint-Étienne", "n": [1, None]})
    second = record("tests.second", details={"tab": "chronologie"})
    stored = AuditEvent.objects.get(pk=second.pk)
    assert (stored.prev_hash, stored.hash) == (first.hash, second.hash)
    assert compute_event_hash(stored) == stored.hash
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_it_is_one_statement_outside_a_transaction():
    AuditEvent.objects.exists()  # the connection is open
    with CaptureQueriesContext(connection) as queries:
        event = record("tests.one_statement")
    assert len(queries) == 1
    assert "audit_append" in queries[0]["sql"]
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        record("tests.in_a_transaction")
    # Inside a transaction, a savepoint around it (a failure must not break the caller's).
    assert [q["sql"].split()[0] for q in queries] == ["SAVEPOINT", "SELECT", "RELEASE"]
    assert verify_chain().ok


@pytest.mark.django_db
def test_an_event_of_a_rolled_back_transaction_leaves_no_hole():
    kept = record("tests.kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        record("tests.rolled_back")
        raise RuntimeError
    after = record("tests.after")
    assert after.prev_hash == kept.hash
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_concurrent_writers_keep_one_chain():
    errors = []

    def write(n):
        try:
            for i in range(8):
                record(f"tests.concurrent.{n}.{i}")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) == 32
    assert events[0].prev_hash == GENESIS_HASH
    assert verify_chain().ok
