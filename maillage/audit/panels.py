"""Dashboard panel: the director sees the open security alerts of the network."""

from maillage.core.dashboards import register_panel


@register_panel
def security_alerts_panel(request) -> dict | None:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != "director":
        return None
    from maillage.audit.selectors import open_security_alert_count

    return {
        "title": "Alertes de sécurité",
        "template": "audit/panels/security_alerts.html",
        "open_count": open_security_alert_count(request.network),
    }
