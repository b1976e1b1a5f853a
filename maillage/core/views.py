"""Home, dashboards by role, and the French error pages."""

import logging

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_GET

from maillage.core.dashboards import dashboard_context

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return redirect("accounts:login")


@require_GET
def dashboard(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.user.is_staff_kind and request.membership is None:
        return redirect("accounts:network_switch")
    return render(request, "core/dashboard.html", dashboard_context(request))


def csrf_failure(request, reason=""):
    return _error_page(request, "403_csrf.html", 403)


# Error pages never show a stack trace or an exception message (DEBUG is off in production).
# They render with the page shell when they can, and fall back to simpler pages when the
# failure comes from the shell itself (database down, broken context processor).
FALLBACK_TEXT = {
    400: ("Requête incorrecte", "La requête envoyée n'a pas pu être comprise."),
    403: ("Accès refusé", "Vous n'avez pas le droit d'effectuer cette action."),
    404: ("Page introuvable", "Cette page n'existe pas ou vous n'y avez pas accès."),
    500: (
        "Erreur du serveur",
        "Une erreur inattendue s'est produite. Réessayez dans quelques instants ; si elle "
        "persiste, contactez l'administrateur du réseau.",
    ),
}


def fallback_page(status: int) -> str:
    """A page with no template, no static file and no database: the last resort."""
    title, text = FALLBACK_TEXT.get(status, FALLBACK_TEXT[500])
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title} — Maillage'
        f"</title></head><body><main><h1>{title}</h1><p>{text}</p>"
        '<p><a href="/">Revenir à l\'accueil</a></p></main></body></html>'
    )


def _error_page(request, template: str, status: int) -> HttpResponse:
    try:
        return render(request, template, status=status)
    except Exception:
        logger.exception("error page rendered without its shell", extra={"status_code": status})
    try:
        return HttpResponse(loader.render_to_string(template), status=status)
    except Exception:
        logger.exception("error page fallback", extra={"status_code": status})
        return HttpResponse(fallback_page(status), status=status)


def error_400(request, exception=None):
    return _error_page(request, "400.html", 400)


def error_403(request, exception=None):
    return _error_page(request, "403.html", 403)


def error_404(request, exception=None):
    return _error_page(request, "404.html", 404)


def error_500(request):
    # No request context: the failure may come from the session, the database or the shell.
    try:
        return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:
        logger.exception("500 page fallback", extra={"status_code": 500})
        return HttpResponseServerError(fallback_page(500))
