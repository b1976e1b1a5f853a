"""Access to audit objects: a security alert of another network is a 404."""

from django.http import Http404

from maillage.audit.models import SecurityAlert


def get_security_alert_for_director(request, public_id) -> SecurityAlert:
    alert = (
        SecurityAlert.objects.select_related("subject")
        .filter(public_id=public_id, network=request.network)
        .first()
    )
    if alert is None:
        raise Http404
    return alert
