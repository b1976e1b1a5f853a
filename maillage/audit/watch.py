"""Watching the traces (PGSSI-S): scheduled checks of the audit trail that raise in-app alerts
for the director of the network concerned."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from maillage.audit.models import AuditEvent, SecurityAlert
from maillage.audit.services import record
from maillage.tasks.schedule import register

RECORD_VIEW_ACTION = "patients.patient.viewed"
WINDOW = timedelta(hours=1)


@register("audit.detect_record_view_bursts", every_minutes=5)
def detect_record_view_bursts(*, now=None) -> list[SecurityAlert]:
    """Alerts when a user opened more distinct patient records in the last hour than their
    network allows (`Network.record_views_alert_per_hour`). One alert per user and hour."""
    from maillage.accounts.models import User
    from maillage.networks.models import Network

    now = now or timezone.now()
    since = now - WINDOW
    counts = list(
        AuditEvent.objects.filter(
            action=RECORD_VIEW_ACTION,
            at__gt=since,
            at__lte=now,
            actor_uuid__isnull=False,
            network_uuid__isnull=False,
            patient_uuid__isnull=False,
        )
        .values("network_uuid", "actor_uuid")
        .annotate(records=Count("patient_uuid", distinct=True))
        .order_by()
    )
    if not counts:
        return []
    networks = Network.objects.in_bulk(
        {row["network_uuid"] for row in counts}, field_name="public_id"
    )
    users = User.objects.in_bulk({row["actor_uuid"] for row in counts}, field_name="public_id")
    raised = []
    for row in counts:
        network, user = networks.get(row["network_uuid"]), users.get(row["actor_uuid"])
        if network is None or user is None or row["records"] <= network.record_views_alert_per_hour:
            continue
        with transaction.atomic():
            already = SecurityAlert.objects.filter(
                network=network,
                subject=user,
                kind=SecurityAlert.Kind.RECORD_VIEWS,
                window_end__gt=since,
            ).exists()
            if already:
                continue
            alert = SecurityAlert.objects.create(
                network=network,
                subject=user,
                kind=SecurityAlert.Kind.RECORD_VIEWS,
                window_start=since,
                window_end=now,
                count=row["records"],
                threshold=network.record_views_alert_per_hour,
            )
            record(
                "audit.alert.raised",
                network=network,
                target=alert,
                details={
                    "kind": alert.kind,
                    "user": str(user.public_id),
                    "count": alert.count,
                    "threshold": alert.threshold,
                },
            )
        raised.append(alert)
    return raised
