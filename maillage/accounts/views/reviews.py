"""The quarterly role review: the director sees who holds which role and confirms it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import staff_required
from maillage.accounts import selectors, services
from maillage.accounts.forms import RoleReviewForm
from maillage.accounts.models import Role

PER_PAGE = 50


@staff_required(Role.DIRECTOR.value)
@require_http_methods(["GET", "POST"])
def role_review(request):
    year, quarter = services.quarter_of()
    current = selectors.role_review_get(request.network, year, quarter)
    form = RoleReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_review_confirm(
                actor=request.user,
                network=request.network,
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "Revue des rôles du trimestre confirmée.")
        return redirect("accounts:role_review")
    members = Paginator(selectors.role_review_members(request.network), PER_PAGE)
    return render(
        request,
        "accounts/role_review.html",
        {
            "page_obj": members.get_page(request.GET.get("page")),
            "current": current,
            "year": year,
            "quarter": quarter,
            "form": form,
            "history": selectors.role_review_list(request.network)[:8],
        },
    )
