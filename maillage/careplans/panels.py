"""Dashboard panel: PPS reviews due in the next 30 days (coordinators, medical lead)."""

from __future__ import annotations

from maillage.accounts.models import Role
from maillage.careplans.selectors import reviews_due


def reviews_panel(request) -> dict | None:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (Role.COORDINATOR, Role.MEDICAL_LEAD):
        return None
    due = reviews_due(request.network)
    if membership.role == Role.COORDINATOR:
        due = due.filter(pps__enrolment__lead_coordinator=request.user)
    # One row more than shown: when it is not there, the list is the whole count (no COUNT).
    reviews = list(due[:11])
    return {
        "title": "PPS à réévaluer",
        "template": "careplans/panels/reviews.html",
        "reviews": reviews[:10],
        "count": len(reviews) if len(reviews) <= 10 else due.count(),
    }
