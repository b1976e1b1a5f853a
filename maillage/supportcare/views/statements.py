"""Monthly statements (PDF and CSV through the exports register) and the budget page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import login_required_404, staff_required
from maillage.exports.formats import csv_bytes
from maillage.exports.pdf import render_pdf
from maillage.exports.services import Export, deliver, needs_reauth_redirect
from maillage.supportcare import permissions, selectors
from maillage.supportcare.budget import budgets_for, chart
from maillage.supportcare.forms_referrals import PaidForm, StatementIssueForm
from maillage.supportcare.permissions import (
    FUNDING_READ_ROLES,
    PROVIDER_READ_ROLES,
    PROVIDER_WRITE_ROLES,
)
from maillage.supportcare.services import statements as services
from maillage.supportcare.views.funding import add_service_errors


@staff_required(*PROVIDER_READ_ROLES)
@require_http_methods(["GET", "POST"])
def statement_list(request):
    can_issue = request.membership.role in PROVIDER_WRITE_ROLES
    form = StatementIssueForm(request.POST or None, network=request.network) if can_issue else None
    if request.method == "POST":
        if not can_issue:
            raise Http404
        if form.is_valid():
            try:
                statement = services.statement_issue(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Relevé émis.")
                return redirect("supportcare:statement_detail", public_id=statement.public_id)
    statements = selectors.statement_list(permissions.statements_visible_to(request))
    page = Paginator(statements, 25).get_page(request.GET.get("page"))
    to_state = selectors.months_to_state(
        permissions.providers_visible_to(request), timezone.localdate()
    )
    return render(
        request,
        "supportcare/statement_list.html",
        {"page_obj": page, "form": form, "to_state": to_state, "can_issue": can_issue},
    )


@login_required_404
@require_http_methods(["GET"])
def statement_detail(request, public_id):
    statement = permissions.get_statement_for_user(request, public_id)
    can_mark_paid = (
        request.user.is_staff_kind
        and request.membership is not None
        and request.membership.role in PROVIDER_WRITE_ROLES
        and statement.paid_on is None
    )
    from maillage.audit import record

    record(
        "supportcare.statement.viewed",
        request=request,
        target=statement,
        network=statement.provider.network,
    )
    return render(
        request,
        "supportcare/statement_detail.html",
        {
            "statement": statement,
            "sessions": list(selectors.statement_sessions(statement)),
            "paid_form": PaidForm() if can_mark_paid else None,
            "base_template": "supportcare/base_supportcare.html",
        },
    )


@staff_required(*PROVIDER_WRITE_ROLES)
@require_POST
def statement_paid(request, public_id):
    statement = permissions.get_statement_for_user(request, public_id)
    form = PaidForm(request.POST)
    if form.is_valid():
        try:
            services.statement_mark_paid(
                actor=request.user, statement=statement, paid_on=form.cleaned_data["paid_on"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Relevé marqué payé.")
    else:
        messages.error(request, "Payé le : saisissez une date (jj/mm/aaaa).")
    return redirect("supportcare:statement_detail", public_id=statement.public_id)


def _rows(sessions):
    for s in sessions:
        yield [
            s.day.strftime("%d/%m/%Y"),
            s.referral.patient.display_name,
            s.referral.get_kind_display(),
            s.get_act_kind_display(),
            s.referral.funding_line.name,
            f"{s.price:.2f}".replace(".", ","),
        ]


HEADER = ["Date", "Patient", "Soin", "Acte", "Ligne de financement", "Montant (€)"]


@login_required_404
@require_http_methods(["GET"])
def statement_csv(request, public_id):
    statement = permissions.get_statement_for_user(request, public_id)
    if (reauth := needs_reauth_redirect(request)) is not None:
        return reauth
    sessions = list(selectors.statement_sessions(statement))
    content, count = csv_bytes(HEADER, _rows(sessions))
    return deliver(
        request,
        Export(
            content=content,
            filename=f"releve-{statement.month:%Y-%m}.csv",
            fmt="csv",
            action="supportcare.statement.exported",
            rows=count,
            target=statement,
            filters={
                "month": statement.month.isoformat(),
                "provider": str(statement.provider.public_id),
            },
        ),
    )


@login_required_404
@require_http_methods(["GET"])
def statement_pdf(request, public_id):
    statement = permissions.get_statement_for_user(request, public_id)
    if (reauth := needs_reauth_redirect(request)) is not None:
        return reauth
    sessions = list(selectors.statement_sessions(statement))
    return deliver(
        request,
        Export(
            content=render_pdf(
                "supportcare/statement_pdf.html",
                {"statement": statement, "sessions": sessions},
                stamp_user=request.user,
                request=request,
            ),
            filename=f"releve-{statement.month:%Y-%m}.pdf",
            fmt="pdf",
            action="supportcare.statement.exported",
            rows=len(sessions),
            target=statement,
            filters={
                "month": statement.month.isoformat(),
                "provider": str(statement.provider.public_id),
            },
        ),
    )


@staff_required(*FUNDING_READ_ROLES)
@require_http_methods(["GET"])
def budget(request):
    lines = list(selectors.funding_line_list(permissions.funding_lines_visible_to(request))[:50])
    budgets = budgets_for(lines)
    return render(request, "supportcare/budget.html", {"budgets": budgets, "chart": chart(budgets)})
