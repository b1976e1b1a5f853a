"""Dashboard panels of the coordination app. The dashboard itself spends no query on them: each
panel is a placeholder that htmx fills from `coordination:panel` (its own bounded queries), so
the page shows at once and a slow panel never holds the others."""

from __future__ import annotations

import datetime
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from maillage.accounts.models import Role
from maillage.coordination import selectors
from maillage.core.navigation import url_of
from maillage.patients.models import Task


def coordinator_context(request) -> dict | None:
    """Caseload with last contact and next due item; my tasks and unread notifications (2
    queries)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (Role.COORDINATOR, Role.MEDICAL_LEAD):
        return None
    today = timezone.localdate()
    counts = selectors.coordinator_counts(request.user, request.network, today)
    return {
        "title": "Derniers contacts et échéances",
        "template": "coordination/panels/coordinator.html",
        "caseload_html": _caseload_html(
            selectors.caseload(request.user, request.network, limit=100)
        ),
        "tasks": counts,
        "unread": counts["unread"],
        "today": today,
    }


def _caseload_html(enrolments) -> str:
    """The caseload table's rows, written here rather than by a template loop (60 rows and
    more on every coordinator's dashboard): the timeline's URL resolved once (url_of),
    dates formatted in Python, every value escaped with html.escape (what the template engine
    runs on a str). The markup is the former loop's, byte for byte (test_timeline_html.py)."""
    tz = timezone.get_current_timezone()
    rows = []
    for e in enrolments:
        due = e.next_due_on
        last = f"{e.last_contact.astimezone(tz):%d/%m/%Y}" if e.last_contact else "aucun"
        next_due = f"{due:%d/%m/%Y} — {e.next_due_title}" if due else "—"
        rows.append(
            f'<tr><td><a href="{escape(url_of("coordination:timeline", e.patient.public_id))}">'
            f"{escape(e.patient.display_name)}</a></td><td>{escape(last)}</td>"
            f"<td>{escape(next_due)}</td></tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 — every value above is escaped


def director_context(request) -> dict | None:
    """Caseloads per coordinator against their ETP, overdue reviews, ruptures (3 queries; the
    requests waiting are intake's own panel)."""
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


def reception_context(request) -> dict | None:
    """The day's items for reception: requests received today, tasks due today or late, unread
    notifications (3 queries)."""
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
        "requests": selectors.requests_of_the_day(request.network, today),
        "unread": selectors.unread_count(request.user),
    }


def inbox_context(request) -> dict | None:
    """External professionals: their unread notifications (1 query)."""
    user = request.user
    if not user.is_authenticated or not user.is_external:
        return None
    return {
        "title": "Notifications",
        "template": "coordination/panels/inbox.html",
        "unread": selectors.unread_count(user),
    }


CONTEXTS = {
    "coordination": coordinator_context,
    "direction": director_context,
    "accueil": reception_context,
    "notifications": inbox_context,
}
_TITLES = {
    "coordination": "Derniers contacts et échéances",
    "direction": "Pilotage de la coordination",
    "accueil": "Aujourd'hui",
    "notifications": "Notifications",
}


def _applies(request, kind: str) -> bool:
    membership = getattr(request, "membership", None)
    role = membership.role if membership else None
    if kind == "coordination":
        return role in (Role.COORDINATOR, Role.MEDICAL_LEAD)
    if kind == "direction":
        return role == Role.DIRECTOR
    if kind == "accueil":
        return role == Role.RECEPTION
    user = request.user
    return user.is_authenticated and user.is_external


def _lazy(kind: str):
    def provider(request) -> dict | None:
        if not _applies(request, kind):
            return None
        return {
            "title": _TITLES[kind],
            "template": "coordination/panels/lazy.html",
            "url": reverse("coordination:panel", args=[kind]),
            "kind": kind,
        }

    provider.__name__ = f"{kind}_panel"
    return provider


PROVIDERS = [_lazy(kind) for kind in CONTEXTS]
