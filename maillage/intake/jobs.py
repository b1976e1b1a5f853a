"""Scheduled work of the single entry point, and the retention purge of a request."""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.utils import timezone

from maillage.tasks.schedule import register


def _assignee(req):
    from maillage.accounts.models import Membership, Role

    if (
        req.assigned_to_id
        and Membership.objects.filter(
            user_id=req.assigned_to_id, network_id=req.network_id, is_active=True
        ).exists()
    ):
        return req.assigned_to
    membership = (
        Membership.objects.filter(
            network_id=req.network_id,
            is_active=True,
            role__in=[Role.RECEPTION, Role.COORDINATOR, Role.MEDICAL_LEAD],
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else None


@register("intake.remind_late_requests", every_minutes=60)
def remind_late_requests(*, now=None) -> int:
    """A task for each live request still without first contact after the network's target
    delay (`Network.request_target_delay_hours`); once per request."""
    from maillage.intake.models import Status, SupportRequest
    from maillage.patients.models import TaskPriority
    from maillage.patients.services.journal import task_create

    now = now or timezone.now()
    late = (
        SupportRequest.objects.filter(
            status=Status.RECEIVED, is_stub=False, late_task_at__isnull=True
        )
        .annotate(delay=F("network__request_target_delay_hours"))
        .select_related("network", "assigned_to")
    )
    created = 0
    for req in late.iterator():
        if req.received_at + datetime.timedelta(hours=req.delay) > now:
            continue
        assignee = _assignee(req)
        if assignee is None:
            continue
        task_create(
            actor=None,
            network=req.network,
            assignee=assignee,
            title=f"Demande {req.receipt_number} sans premier contact",
            description=f"Reçue le {timezone.localtime(req.received_at):%d/%m/%Y %H:%M}, "
            f"délai cible de {req.delay} heures dépassé.",
            due_on=timezone.localdate(now),
            priority=TaskPriority.HIGH,
            origin="intake.late_request",
            source_uuid=req.public_id,
        )
        SupportRequest.objects.filter(pk=req.pk).update(late_task_at=now)
        created += 1
    return created


def purge_request(obj) -> None:
    """Retention: the request, its transitions and its files."""
    from maillage.files.models import StoredFile
    from maillage.files.services import stored_file_purge
    from maillage.intake.models import SupportRequest

    for stored in StoredFile.all_objects.filter(
        Q(owner_type="intake.supportrequest") & Q(owner_public_id=obj.public_id)
    ):
        stored_file_purge(stored)
    SupportRequest.all_objects.filter(pk=obj.pk).delete()
