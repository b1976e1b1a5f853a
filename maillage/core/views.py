"""Home, dashboards by role, and the French error pages."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from maillage.access.decorators import authenticated_view, public_view
from maillage.core.dashboards import dashboard_context


@public_view
@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return redirect("accounts:login")


@authenticated_view
@require_GET
def dashboard(request):
    if request.user.is_staff_kind and request.membership is None:
        return redirect("accounts:network_switch")
    return render(request, "core/dashboard.html", dashboard_context(request))


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def error_400(request, exception=None):
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exception, RequestDataTooBig):  # maillage.files.uploadhandlers
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


FALLBACK_500 = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Erreur du serveur — '
    "Maillage</title></head><body><main><h1>Erreur du serveur</h1><p>Une erreur inattendue "
    "s'est produite. Réessayez dans quelques instants ; si elle persiste, contactez "
    "l'administrateur du réseau.</p><p><a href=\"/\">Revenir à l'accueil</a></p></main>"
    "</body></html>"
)


def error_500(request):
    """Never a stack trace or an exception message. Rendered without the request's context
    (the failure may come from the session, the database or the page shell), and, should even
    that fail, as a plain page that needs no template, static file or database."""
    import logging

    from django.http import HttpResponseServerError
    from django.template import loader

    try:
        return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:
        logging.getLogger(__name__).exception("500 page fallback", extra={"status_code": 500})
        return HttpResponseServerError(FALLBACK_500)
