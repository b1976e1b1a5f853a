"""Dashboard panel of the single entry point (registered in IntakeConfig.ready)."""

from __future__ import annotations

from maillage.accounts.models import Role
from maillage.intake.selectors import QUEUES, queue_counts

QUEUE_WORKERS = (Role.RECEPTION, Role.COORDINATOR, Role.MEDICAL_LEAD)


def queues_panel(request) -> dict | None:
    """Those who work the queues (reception, coordinators, medical lead): the three queues with
    their counts, in one query. The director reads them on the queues page."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in QUEUE_WORKERS:
        return None
    counts = queue_counts(request.network, request.user)
    return {
        "title": "Demandes d'appui",
        "template": "intake/panels/queues.html",
        "queues": [(code, label, counts[code]) for code, label in QUEUES.items()],
    }
