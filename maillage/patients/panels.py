"""Dashboard panels of the patients app (registered in PatientsConfig.ready)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.core.prepared import Param, PreparedAggregate
from maillage.patients.models import Enrolment, Task
from maillage.patients.permissions import patients_visible_to

# On every coordinator's dashboard: compiled once (maillage.core.prepared).
_FOLLOWED = PreparedAggregate(
    lambda: (
        Enrolment.objects.filter(
            network_id=Param("network", Enrolment, "network"),
            lead_coordinator_id=Param("user", Enrolment, "lead_coordinator"),
            closed_on__isnull=True,
        ),
        {"n": Count("*")},
    )
)
_MY_TASKS = PreparedAggregate(
    lambda: (
        Task.objects.filter(
            network_id=Param("network", Task, "network"),
            assignee_id=Param("user", Task, "assignee"),
            done_at__isnull=True,
        ),
        {
            "open": Count("pk"),
            "late": Count("pk", filter=Q(due_on__lt=Param("today", Task, "due_on"))),
        },
    )
)


def caseload_panel(request) -> dict | None:
    """Coordinators and the medical lead: their followed patients and their late tasks."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (Role.COORDINATOR, Role.MEDICAL_LEAD):
        return None
    followed = _FOLLOWED.get(network=request.network.pk, user=request.user.pk)["n"]
    tasks = _MY_TASKS.get(
        network=request.network.pk, user=request.user.pk, today=timezone.localdate()
    )
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
