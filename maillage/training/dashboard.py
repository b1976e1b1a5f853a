"""The staff dashboard panel: upcoming events and their registrations (three queries)."""

from maillage.training.permissions import can_manage_events
from maillage.training.selectors import dashboard_counts


def training_panel(request) -> dict | None:
    if not can_manage_events(getattr(request, "membership", None)):
        return None
    return {
        "title": "Formations",
        "template": "training/panel.html",
        **dashboard_counts(request.network),
    }
