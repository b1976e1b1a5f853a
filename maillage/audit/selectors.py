"""Reads of the audit trail for the director (scoped to the active network)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from maillage.audit.models import AuditEvent, SecurityAlert


def _member_uuids(network):
    from maillage.accounts.models import Membership

    return Membership.objects.filter(network=network).values("user__public_id")


def audit_events_of_network(network) -> QuerySet[AuditEvent]:
    """Events recorded in the network, plus the network-less events (logins, password resets…)
    of people who are or were its members."""
    return AuditEvent.objects.filter(
        Q(network_uuid=network.public_id)
        | Q(network_uuid__isnull=True, actor_uuid__in=_member_uuids(network))
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_search(
    network,
    *,
    user: uuid.UUID | None = None,
    patient: uuid.UUID | None = None,
    action: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first. `action` is a prefix ("patients." or "accounts.login"); the period is
    inclusive of both days, in the project's time zone."""
    events = audit_events_of_network(network)
    if user:
        events = events.filter(actor_uuid=user)
    if patient:
        events = events.filter(patient_uuid=patient)
    if action:
        events = events.filter(action__startswith=action)
    if start:
        events = events.filter(at__gte=_day_start(start))
    if end:
        events = events.filter(at__lt=_day_start(end + dt.timedelta(days=1)))
    return events.order_by("-id")


def security_alert_list(network) -> QuerySet[SecurityAlert]:
    """Open alerts first, then the handled ones, newest first."""
    return (
        SecurityAlert.objects.filter(network=network)
        .select_related("subject", "handled_by")
        .order_by(F("handled_at").desc(nulls_first=True), "-window_end", "-pk")
    )


def open_security_alert_count(network) -> int:
    return SecurityAlert.objects.filter(network=network, handled_at__isnull=True).count()
