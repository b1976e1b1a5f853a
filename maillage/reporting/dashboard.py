"""The director's and medical lead's dashboard panel: no query on the dashboard itself; three
figures of the current year loaded by htmx afterwards (`reporting:panel`)."""

from maillage.reporting.forms import default_period

PANEL_ROLES = ("director", "medical_lead")


def activity_panel(request) -> dict | None:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in PANEL_ROLES:
        return None
    return {"title": "Activité de l'année", "template": "reporting/panel_lazy.html"}


def panel_figures(network) -> dict:
    """Requests received, file active and new enrolments of the current year: three counts."""
    from maillage.reporting import indicators as ind

    start, end = default_period()
    scope = ind.Scope([network], start, end, None)
    from maillage.patients.models import Enrolment

    return {
        "year": start.year,
        "requests": ind._requests_qs(scope).count(),
        "file_active": ind._active_patients(scope).count(),
        "new_enrolments": Enrolment.objects.filter(
            network=network, patient_id__in=scope.patient_ids()
        )
        .filter(scope.days_in_period("started_on"))
        .count(),
        "query": f"du={start.isoformat()}&au={end.isoformat()}",
    }
