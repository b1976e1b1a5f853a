"""Dashboard panel of the single entry point (registered in IntakeConfig.ready)."""

from __future__ import annotations

from maillage.intake.permissions import INTAKE_ROLES
from maillage.intake.selectors import QUEUES, queue_counts


def queues_panel(request) -> dict | None:
    """Reception and the coordination team: the three queues with their counts (one query)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in INTAKE_ROLES:
        return None
    counts = queue_counts(request.network, request.user)
    return {
        "title": "Demandes d'appui",
        "template": "intake/panels/queues.html",
        "queues": [(code, label, counts[code]) for code, label in QUEUES.items()],
    }
