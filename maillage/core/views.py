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


def error_500(request):
    return render(request, "500.html", status=500)
