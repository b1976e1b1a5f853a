"""Audit events are purged only under the dedicated database role (PostgreSQL), never on SQLite."""

import secrets
from datetime import date, timedelta

import pytest
from django.db import (
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
    connection,
    transaction,
)
from django.utils import timezone

from maillage.audit import record
from maillage.audit.models import AuditEvent
from maillage.retention.audit_purge import SQLITE_REFUSAL, purge_audit_events
from maillage.retention.services import PurgeRefused, apply_retention
from maillage.retention.tests.factories import RetentionRuleFactory

REFUSED = (IntegrityError, InternalError, OperationalError, ProgrammingError)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the purge role exists on PostgreSQL only"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite behaviour")


def _report(reports):
    return next(r for r in reports if r.code == "audit.event")


@postgres_only
def test_old_events_are_purged_under_the_purge_role(network, other_network):
    mine = [record("tests.thing.done", network=network) for _ in range(3)]
    theirs = record("tests.thing.done", network=other_network)
    RetentionRuleFactory(
        network=network,
        record_kind="audit.event",
        active_days=30,
        archive_days=60,
        valid_from=date(2000, 1, 1),
    )
    assert _report(apply_retention(now=timezone.now() + timedelta(days=89))).purged == 0
    reports = apply_retention(now=timezone.now() + timedelta(days=91))
    assert _report(reports).purged == 3
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in mine]).exists()
    assert AuditEvent.objects.filter(pk=theirs.pk).exists()
    gap = AuditEvent.objects.get(action="retention.audit.purged")
    assert gap.details["count"] == 3
    assert gap.details["last_purged_hash"] == mine[-1].hash
    # The role is back to normal afterwards: the trail refuses deletion again.
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=theirs.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user = session_user")
        assert cursor.fetchone()[0] is True


@postgres_only
def test_the_purge_flag_alone_does_not_let_another_role_delete(network):
    event = record("tests.thing.done", network=network)
    role = f"maillage_test_web_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT SELECT, DELETE ON audit_auditevent TO {role}")
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("SET LOCAL maillage.audit_purge = 'on'")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgres_only
def test_the_purge_role_without_the_flag_cannot_delete(network):
    event = record("tests.thing.done", network=network)
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE maillage_audit_purger")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@sqlite_only
def test_sqlite_never_purges_the_trail_and_says_why(network):
    event = record("tests.thing.done", network=network)
    RetentionRuleFactory(
        network=network,
        record_kind="audit.event",
        active_days=0,
        archive_days=0,
        valid_from=date(2000, 1, 1),
    )
    report = _report(apply_retention(now=timezone.now() + timedelta(days=1)))
    assert report.purged == 0
    assert report.refused == [SQLITE_REFUSAL]
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    with pytest.raises(PurgeRefused):
        purge_audit_events(AuditEvent.objects.all())
