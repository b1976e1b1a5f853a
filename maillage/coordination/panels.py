"""Dashboard panels of the coordination app, each in a bounded number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.coordination import selectors
from maillage.patients.models import Task


def coordinator_panel(request) -> dict | None:
    """Caseload with last contact and next due item, my tasks, unread notifications (4 queries)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (Role.COORDINATOR, Role.MEDICAL_LEAD):
        return None
    today = timezone.localdate()
    tasks = Task.objects.filter(
        network=request.network, assignee=request.user, done_at__isnull=True
    ).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        today=Count("pk", filter=Q(due_on=today)),
        week=Count(
            "pk", filter=Q(due_on__gt=today, due_on__lte=today + datetime.timedelta(days=7))
        ),
    )
    return {
        "title": "Ma file active",
        "template": "coordination/panels/coordinator.html",
        "caseload": selectors.caseload(request.user, request.network, limit=100),
        "tasks": tasks,
        "unread": selectors.unread_count(request.user),
        "today": today,
    }


def director_panel(request) -> dict | None:
    """Caseloads per coordinator against their ETP, overdue reviews, ruptures (3 queries)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.DIRECTOR:
        return None
    today = timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=365)
    reviews_overdue = Task.objects.filter(
        network=request.network,
        done_at__isnull=True,
        due_on__lt=today,
        origin__icontains="review",
    ).count()
    return {
        "title": "Pilotage de la coordination",
        "template": "coordination/panels/director.html",
        "coordinators": selectors.caseloads_per_coordinator(request.network),
        "reviews_overdue": reviews_overdue,
        "ruptures": selectors.ruptures_count(request.network, since),
    }


def reception_panel(request) -> dict | None:
    """The day's items for reception: tasks due today or late, unread notifications (2 queries)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.RECEPTION:
        return None
    today = timezone.localdate()
    due = list(
        Task.objects.filter(
            network=request.network, assignee=request.user, done_at__isnull=True, due_on__lte=today
        ).order_by("due_on")[:20]
    )
    return {
        "title": "Aujourd'hui",
        "template": "coordination/panels/reception.html",
        "due": due,
        "unread": selectors.unread_count(request.user),
    }


def inbox_panel(request) -> dict | None:
    """External professionals: their unread notifications (1 query)."""
    user = request.user
    if not user.is_authenticated or not user.is_external:
        return None
    return {
        "title": "Notifications",
        "template": "coordination/panels/inbox.html",
        "unread": selectors.unread_count(user),
    }
