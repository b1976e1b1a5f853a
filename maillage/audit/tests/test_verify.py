"""`manage.py audit_verify` checks the whole chain and names the first broken event."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from maillage.audit import record
from maillage.audit.models import AuditEvent
from maillage.audit.tests.tampering import behind_the_apps_back
from maillage.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _trail(n: int = 5) -> list[AuditEvent]:
    return [
        record(
            f"tests.step.{i}",
            details={"n": i, "note": "Été à Saint-Étienne", "nested": {"ok": [1, 2.5, None]}},
        )
        for i in range(n)
    ]


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", "--database", "default", stdout=out)
    return out.getvalue()


def test_an_intact_chain_passes_in_french():
    _trail()
    assert "Journal d'audit intègre : 5 évènement(s) vérifié(s)." in _verify()


def test_an_event_read_back_from_the_database_hashes_the_same():
    import uuid

    event = record("tests.types", details={"when": "2026-01-01", "id": uuid.uuid4(), 1: "un"})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.compute_hash() == stored.hash
    assert verify_chain().ok


def test_a_tampered_event_fails_audit_verify():
    events = _trail()
    victim = events[2]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with behind_the_apps_back(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET action = %s WHERE id = %s",  # noqa: S608
            ["tests.step.forged", victim.pk],
        )
    with pytest.raises(CommandError) as info:
        _verify()
    message = str(info.value)
    assert info.value.returncode == 1
    assert f"n° {victim.pk}" in message
    assert "modifié" in message
    assert "2 évènement(s) intègre(s) avant lui" in message


def test_rewriting_an_events_hash_breaks_the_next_link():
    events = _trail()
    victim = events[1]
    forged = AuditEvent.objects.get(pk=victim.pk)
    forged.action = "tests.rewritten"
    new_hash = forged.compute_hash()
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with behind_the_apps_back(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET action = %s, hash = %s WHERE id = %s",  # noqa: S608
            ["tests.rewritten", new_hash, victim.pk],
        )
    report = verify_chain()
    assert report.broken_event.pk == events[2].pk
    assert "précédent" in report.reason


def test_a_deleted_event_fails_audit_verify():
    events = _trail()
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with behind_the_apps_back(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [events[3].pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"n° {events[4].pk}"):
        _verify()


def test_the_triggers_are_back_after_tampering():
    from django.db import (
        IntegrityError,
        InternalError,
        OperationalError,
        ProgrammingError,
        transaction,
    )

    event = record("tests.after")
    with behind_the_apps_back():
        pass
    refused = (IntegrityError, InternalError, OperationalError, ProgrammingError)
    with pytest.raises(refused), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
