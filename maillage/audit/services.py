"""Writing to the audit trail. `record()` fails closed: if it cannot write, it raises, and the
caller's transaction (and the data it was about to serve) goes with it."""

from __future__ import annotations

import json
import logging
from contextlib import nullcontext
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from maillage.audit.models import (
    GENESIS_HASH,
    AuditEvent,
    compute_event_hash,
    event_hash_parts,
)

logger = logging.getLogger(__name__)

# Any constant identifying the audit chain lock on PostgreSQL.
_CHAIN_LOCK_ID = 7_341_002


class AuditWriteError(RuntimeError):
    """The trail could not be written: the action it describes must not go ahead."""


def _client_ip(request) -> str | None:
    if request is None:
        return None
    from maillage.core.net import client_ip

    return client_ip(request)


def record(
    action: str,
    *,
    actor=None,
    request=None,
    network=None,
    target=None,
    target_type: str = "",
    target_uuid=None,
    patient=None,
    patient_uuid=None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor` defaults to request.user, `network` to request.network."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if network is None and request is not None:
        network = getattr(request, "network", None)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_uuid = target_uuid or getattr(target, "public_id", None)
    if patient is not None:
        patient_uuid = patient.public_id
    event = AuditEvent(
        at=timezone.now(),
        actor_uuid=getattr(actor, "public_id", None),
        actor_label=(getattr(actor, "email", "") or str(actor or ""))[:200],
        network_uuid=getattr(network, "public_id", None),
        action=action,
        target_type=target_type,
        target_uuid=target_uuid,
        patient_uuid=patient_uuid,
        ip=_client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
        # What the hash covers must read back identically from the database: JSON types only.
        details=json.loads(json.dumps(details or {}, cls=DjangoJSONEncoder)),
    )
    try:
        if connection.vendor == "postgresql":
            _append_postgresql(event)
        else:
            # SQLite: its IMMEDIATE transactions (settings) serialise the writers.
            with transaction.atomic():
                last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
                event.prev_hash = last or GENESIS_HASH
                event.hash = compute_event_hash(event)
                event.save(force_insert=True)
    except Exception as exc:
        logger.error("audit write failed", extra={"event": action})
        raise AuditWriteError("Le journal d'audit n'a pas pu être écrit.") from exc
    return event


_APPEND_COLUMNS = (
    "at",
    "actor_uuid",
    "actor_label",
    "network_uuid",
    "action",
    "target_type",
    "target_uuid",
    "patient_uuid",
    "ip",
    "user_agent",
    "details",
)
# The columns above, then the chain lock's id, the canonical text's head and tail.
_APPEND_SQL = (
    "SELECT event_id, event_prev_hash, event_hash FROM audit_append("
    "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def _append_postgresql(event: AuditEvent) -> None:
    """One statement (migration 0004's audit_append): the chain lock, the head's hash and the
    INSERT, hashed by the database over the canonical text computed here around the head's
    hash. Outside a transaction the statement is its own; inside one, a savepoint keeps a
    failure from breaking the caller's transaction, as the atomic block did."""
    head, tail = event_hash_parts(event)
    params = [
        AuditEvent._meta.get_field(name).get_db_prep_value(
            getattr(event, name), connection, prepared=False
        )
        for name in _APPEND_COLUMNS
    ]
    params += [_CHAIN_LOCK_ID, head, tail]
    savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with savepoint, connection.cursor() as cursor:
        cursor.execute(_APPEND_SQL, params)
        row = cursor.fetchone()
    event.pk, event.prev_hash, event.hash = row
    event._state.adding = False
    event._state.db = connection.alias


def security_alert_handle(*, actor, alert, note: str = "", request=None):
    """The director marks an alert handled, saying what was done."""
    from maillage.audit.models import SecurityAlert

    with transaction.atomic():
        alert = SecurityAlert.objects.select_for_update().get(pk=alert.pk)
        if alert.handled_at is not None:
            return alert
        alert.handled_at = timezone.now()
        alert.handled_by = actor
        alert.note = note
        alert.save(update_fields=["handled_at", "handled_by", "note", "updated_at"])
        record(
            "audit.alert.handled",
            actor=actor,
            request=request,
            network=alert.network,
            target=alert,
            details={"kind": alert.kind},
        )
    return alert
