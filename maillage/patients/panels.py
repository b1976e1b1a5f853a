"""Dashboard panels of the patients app (registered in PatientsConfig.ready)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.patients.models import Enrolment, Task
from maillage.patients.permissions import patients_visible_to


def caseload_panel(request) -> dict | None:
    """Coordinators and the medical lead: their followed patients and their late tasks."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (Role.COORDINATOR, Role.MEDICAL_LEAD):
        return None
    followed = Enrolment.objects.filter(
        network=request.network, lead_coordinator=request.user, closed_on__isnull=True
    ).count()
    tasks = Task.objects.filter(
        network=request.network, assignee=request.user, done_at__isnull=True
    ).aggregate(open=Count("pk"), late=Count("pk", filter=Q(due_on__lt=timezone.localdate())))
    return {
        "title": "Mes patients",
        "template": "patients/panels/caseload.html",
        "followed": followed,
        "open_tasks": tasks["open"],
        "late_tasks": tasks["late"],
    }


def external_panel(request) -> dict | None:
    """External professionals: how many patients they currently reach."""
    user = request.user
    if not user.is_authenticated or not user.is_external:
        return None
    return {
        "title": "Mes patients",
        "template": "patients/panels/external.html",
        "count": patients_visible_to(user).count(),
    }
