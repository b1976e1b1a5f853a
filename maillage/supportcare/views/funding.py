"""Funding lines and their rule versions (directors write; coordinators and medical leads read)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import staff_required
from maillage.supportcare import permissions, selectors
from maillage.supportcare.forms import (
    FundingLineForm,
    FundingLineUpdateForm,
    LimitFormSet,
    PriceFormSet,
    RuleVersionForm,
)
from maillage.supportcare.permissions import FUNDING_READ_ROLES, FUNDING_WRITE_ROLES
from maillage.supportcare.services import funding as services


def add_service_errors(form, exc: ValidationError) -> None:
    """Puts a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages[0])
    else:
        for message in exc.messages:
            form.add_error(None, message)


@staff_required(*FUNDING_READ_ROLES)
@require_http_methods(["GET"])
def funding_line_list(request):
    lines = selectors.funding_line_list(permissions.funding_lines_visible_to(request))
    page = Paginator(lines, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "supportcare/funding_line_list.html",
        {"page_obj": page, "can_manage": permissions.can_manage_funding(request)},
    )


@staff_required(*FUNDING_WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def funding_line_create(request):
    form = FundingLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        line = services.funding_line_create(
            actor=request.user, network=request.network, **form.cleaned_data
        )
        messages.success(request, "Ligne de financement créée. Ajoutez maintenant ses règles.")
        return redirect("supportcare:rule_version_create", public_id=line.public_id)
    return render(
        request,
        "supportcare/form.html",
        {
            "form": form,
            "title": "Nouvelle ligne de financement",
            "cancel_url": "supportcare:funding_line_list",
        },
    )


@staff_required(*FUNDING_READ_ROLES)
@require_http_methods(["GET"])
def funding_line_detail(request, public_id):
    line = permissions.get_funding_line_for_user(request, public_id)
    from maillage.supportcare.budget import line_budget

    return render(
        request,
        "supportcare/funding_line_detail.html",
        {
            "line": line,
            "versions": list(selectors.rule_versions_of(line)),
            "budget": line_budget(line),
            "can_manage": permissions.can_manage_funding(request),
        },
    )


@staff_required(*FUNDING_WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def funding_line_update(request, public_id):
    line = permissions.get_funding_line_for_user(request, public_id)
    form = FundingLineUpdateForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in FundingLineUpdateForm.Meta.fields}
        line.refresh_from_db()
        services.funding_line_update(actor=request.user, line=line, **fields)
        messages.success(request, "Ligne de financement enregistrée.")
        return redirect("supportcare:funding_line_detail", public_id=line.public_id)
    return render(
        request,
        "supportcare/form.html",
        {
            "form": form,
            "title": f"Modifier « {line.name} »",
            "cancel_url": "supportcare:funding_line_detail",
            "cancel_id": line.public_id,
        },
    )


def _initial_from(rule) -> tuple[dict, list[dict], list[dict]]:
    if rule is None:
        return {"requires_coverage": True}, [], []
    initial = services.rule_fields_of(rule)
    initial["thematic"] = rule.thematic_id
    prices = [
        {"kind": p.kind, "act_kind": p.act_kind, "amount": p.amount} for p in rule.prices.all()
    ]
    limits = [
        {"kinds": lim.kinds, "act_kind": lim.act_kind, "max_sessions": lim.max_sessions}
        for lim in rule.limits.all()
    ]
    return initial, prices, limits


@staff_required(*FUNDING_WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def rule_version_create(request, public_id):
    """A new version of the rules (a price change is one), prefilled from the current one."""
    line = permissions.get_funding_line_for_user(request, public_id)
    current = selectors.rule_versions_of(line).first()
    initial, price_rows, limit_rows = _initial_from(current)
    if request.method == "POST":
        form = RuleVersionForm(request.POST)
        prices = PriceFormSet(request.POST, prefix="prix")
        limits = LimitFormSet(request.POST, prefix="limites")
        if form.is_valid() and prices.is_valid() and limits.is_valid():
            data = dict(form.cleaned_data)
            valid_from = data.pop("valid_from")
            try:
                services.rule_version_create(
                    actor=request.user,
                    line=line,
                    valid_from=valid_from,
                    prices=[s for f in prices.forms if (s := f.spec())],
                    limits=[s for f in limits.forms if (s := f.spec())],
                    **data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Nouvelle version des règles enregistrée.")
                return redirect("supportcare:funding_line_detail", public_id=line.public_id)
    else:
        form = RuleVersionForm(initial=initial)
        prices = PriceFormSet(initial=price_rows, prefix="prix")
        limits = LimitFormSet(initial=limit_rows, prefix="limites")
    return render(
        request,
        "supportcare/rule_version_form.html",
        {
            "line": line,
            "current": current,
            "form": form,
            "prices": prices,
            "limits": limits,
        },
    )
