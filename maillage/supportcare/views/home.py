"""The support-care home page: funding lines with their budget, pending approvals."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import staff_required
from maillage.supportcare import permissions, selectors
from maillage.supportcare.budget import budgets_for
from maillage.supportcare.permissions import FUNDING_READ_ROLES


@staff_required(*FUNDING_READ_ROLES)
@require_http_methods(["GET"])
def home(request):
    lines = list(
        selectors.funding_line_list(permissions.funding_lines_visible_to(request)).filter(
            is_active=True
        )[:20]
    )
    can_manage = permissions.can_manage_providers(request)
    return render(
        request,
        "supportcare/home.html",
        {
            "budgets": budgets_for(lines),
            "pending_changes": list(selectors.pending_bank_changes(request.network)[:20])
            if can_manage
            else [],
            "can_manage_funding": permissions.can_manage_funding(request),
        },
    )


@staff_required(*FUNDING_READ_ROLES)
@require_http_methods(["GET"])
def dashboard_panel(request):
    """The figures of the dashboard panel, loaded by htmx after the dashboard."""
    from maillage.supportcare.dashboard import staff_panel_figures

    return render(request, "supportcare/panel_staff.html", {"panel": staff_panel_figures(request)})
