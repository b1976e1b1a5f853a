"""Dashboard panel of the single entry point (registered in IntakeConfig.ready)."""

from __future__ import annotations

from maillage.accounts.models import Role
from maillage.intake.selectors import queue_summary

QUEUE_WORKERS = (Role.RECEPTION, Role.COORDINATOR, Role.MEDICAL_LEAD)


def queues_panel(request) -> dict | None:
    """Those who work the queues (reception, coordinators, medical lead): the three queues with
    their counts and the age of their oldest request; the director: the requests waiting (to
    qualify, waiting for an answer), those beyond the target delay and the average delays. One
    query."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (*QUEUE_WORKERS, Role.DIRECTOR):
        return None
    director = membership.role == Role.DIRECTOR
    # The average delays are the director's only: nobody else pays for them.
    summary = queue_summary(request.network, request.user, delays=director)
    if director:
        summary["queues"] = [q for q in summary["queues"] if q[0] != "mes_demandes"]
        title = "Demandes d'appui en attente"
        summary["show_delays"] = True
    else:
        title = "Demandes d'appui"
    return {"title": title, "template": "intake/panels/queues.html", **summary}
