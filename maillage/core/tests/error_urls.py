"""A URLconf for the error-page tests: the project's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path


def boom(request):
    raise RuntimeError("Dupont Jeanne — secret de la pile d'appels")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("donnée suspecte")


urlpatterns = [
    path("test-erreur/500/", boom),
    path("test-erreur/403/", forbidden),
    path("test-erreur/400/", suspicious),
    path("", include("config.urls")),
]

handler400 = "maillage.core.views.error_400"
handler403 = "maillage.core.views.error_403"
handler404 = "maillage.core.views.error_404"
handler500 = "maillage.core.views.error_500"
