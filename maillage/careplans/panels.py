"""Dashboard panel: PPS reviews due in the next 30 days (coordinators, medical lead)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from maillage.accounts.models import Role
from maillage.careplans.models import Pps, PpsVersion
from maillage.careplans.selectors import reviews_due, reviews_due_by
from maillage.core.prepared import Param, Prepared
from maillage.patients.models import Enrolment


def _reviews_query(coordinator: bool):
    due = reviews_due_by(Param("network", Pps, "network"), Param("limit", PpsVersion, "review_due"))
    if coordinator:
        due = due.filter(
            pps__enrolment__lead_coordinator=Param("user", Enrolment, "lead_coordinator")
        )
    # One row more than shown: when it is not there, the list is the whole count (no COUNT).
    return due[:11]


# On the dashboards of coordinators and medical leads: compiled once (maillage.core.prepared).
_REVIEWS = {
    coordinator: Prepared(lambda coordinator=coordinator: _reviews_query(coordinator))
    for coordinator in (False, True)
}


def reviews_panel(request) -> dict | None:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (Role.COORDINATOR, Role.MEDICAL_LEAD):
        return None
    coordinator = membership.role == Role.COORDINATOR
    values = {
        "network": request.network.pk,
        "limit": timezone.localdate() + datetime.timedelta(days=30),
    }
    if coordinator:
        values["user"] = request.user.pk
    reviews = _REVIEWS[coordinator].list(**values)
    count = len(reviews)
    if count > 10:
        due = reviews_due(request.network)
        if coordinator:
            due = due.filter(pps__enrolment__lead_coordinator=request.user)
        count = due.count()
    return {
        "title": "PPS à réévaluer",
        "template": "careplans/panels/reviews.html",
        "reviews": reviews[:10],
        "count": count,
    }
