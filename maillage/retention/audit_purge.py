"""Purging the audit trail: the one deletion the trail accepts, and only from a dedicated role.

PostgreSQL: the trigger of `maillage/audit/migrations/0002_append_only_triggers.py` lets a DELETE
through only when the transaction declared `SET LOCAL maillage.audit_purge = 'on'` *and* the
current role is a member of `maillage_audit_purger` (a NOLOGIN role holding SELECT and DELETE on
the table, see migration 0002 of this app). We switch to that role with `SET LOCAL ROLE`, which
works only for a login role that was granted it: in production, the role used by the scheduled
`apply_retention` job, never the web application's (docs/development.md, "Conservation").

SQLite (development only) refuses every DELETE on the trail, unconditionally. SQLite has no roles
and no per-transaction setting a trigger could check, so whatever connection lifted the protection
for a purge could lift it for anything else; rather than weaken the trail, audit events are
never purged on SQLite and `apply_retention` says so.
"""

from __future__ import annotations

from django.db import connection, transaction

from maillage.audit import record
from maillage.audit.models import AuditEvent
from maillage.retention.services import PurgeRefused

PURGER_ROLE = "maillage_audit_purger"
SQLITE_REFUSAL = (
    "Journal d'audit : aucune suppression sous SQLite (pas de rôle de base de données pour "
    "l'autoriser) ; la purge se fait sous PostgreSQL avec le rôle maillage_audit_purger."
)
_CHUNK = 5000


def purge_audit_events(queryset) -> int:
    """Deletes the given audit events under the purge role; returns how many were deleted."""
    if connection.vendor != "postgresql":
        raise PurgeRefused(SQLITE_REFUSAL)
    doomed = list(queryset.order_by("id").values_list("id", "hash", "at"))
    if not doomed:
        return 0
    ids = [row[0] for row in doomed]
    deleted = 0
    # Rolling back to the savepoint (on any error) also undoes SET LOCAL: the role is restored.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {PURGER_ROLE}")
        cursor.execute("SET LOCAL maillage.audit_purge = 'on'")
        for start in range(0, len(ids), _CHUNK):
            cursor.execute(
                "DELETE FROM audit_auditevent WHERE id = ANY(%s)", [ids[start : start + _CHUNK]]
            )
            deleted += cursor.rowcount
        cursor.execute("SET LOCAL maillage.audit_purge = 'off'")
        cursor.execute("RESET ROLE")
    # The chain now starts after a gap: say where, so that audit_verify can start from there.
    record(
        "retention.audit.purged",
        details={
            "count": deleted,
            "last_purged_hash": doomed[-1][1],
            "last_purged_at": doomed[-1][2].isoformat(),
        },
    )
    return deleted


def audit_events_due(now, rule, network):
    """Events of the network (None: events of no network) older than the active period."""
    from datetime import timedelta

    events = AuditEvent.objects.filter(at__lte=now - timedelta(days=rule.active_days))
    if network is None:
        return events.filter(network_uuid__isnull=True)
    return events.filter(network_uuid=network.public_id)


def _purge_one(event) -> None:
    purge_audit_events(AuditEvent.objects.filter(pk=event.pk))
