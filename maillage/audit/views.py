"""The director's pages: audit trail search and CSV export, security alerts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from maillage.access.decorators import staff_required
from maillage.accounts.decorators import reauth_required
from maillage.audit import record, selectors, services
from maillage.audit.forms import AlertHandledForm, AuditSearchForm
from maillage.audit.permissions import get_security_alert_for_director
from maillage.exports.formats import csv_bytes
from maillage.exports.services import Export, deliver

DIRECTOR = "director"
EVENTS_PER_PAGE = 50
ALERTS_PER_PAGE = 25
EXPORT_MAX_ROWS = 100_000
CSV_HEADER = [
    "Date",
    "Utilisateur",
    "Action",
    "Type de cible",
    "Cible",
    "Patient (identifiant public)",
    "Adresse IP",
    "Navigateur",
    "Détails",
]


def _search_form(request) -> AuditSearchForm:
    from maillage.accounts.selectors import member_list

    members = member_list(request.network, include_former=True).order_by(
        "user__last_name", "user__first_name", "pk"
    )
    return AuditSearchForm(request.GET or None, members=members)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@staff_required(DIRECTOR)
@require_GET
def search(request):
    form = _search_form(request)
    page_obj = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else {}
        # Recorded first, so that the page counts and shows the trail as it now is.
        record(
            "audit.trail.searched",
            request=request,
            details={"filters": form.filters_for_audit() if form.is_bound else {}},
        )
        events = selectors.audit_event_search(request.network, **filters)
        page_obj = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = _query_without_page(request)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_prefix": f"{query}&" if query else "",
            "query": query,
        },
    )


def _csv_row(event) -> list:
    return [
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_label,
        event.action,
        event.target_type,
        event.target_uuid or "",
        event.patient_uuid or "",
        event.ip or "",
        event.user_agent,
        event.details_text,
    ]


@staff_required(DIRECTOR)
@reauth_required("audit_export")
@require_GET
def export(request):
    form = _search_form(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Filtres invalides : corrigez-les avant d'exporter.")
        return redirect(f"{reverse('audit:search')}?{_query_without_page(request)}")
    filters = form.filters() if form.is_bound else {}
    events = selectors.audit_event_search(request.network, **filters)[: EXPORT_MAX_ROWS + 1]
    rows = [_csv_row(event) for event in events.iterator(chunk_size=2000)]
    if len(rows) > EXPORT_MAX_ROWS:
        messages.error(
            request,
            f"Plus de {EXPORT_MAX_ROWS:,} évènements : réduisez la période ou précisez les "
            "filtres avant d'exporter.".replace(",", " "),
        )
        return redirect(f"{reverse('audit:search')}?{_query_without_page(request)}")
    content, count = csv_bytes(CSV_HEADER, rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return deliver(
        request,
        Export(
            content=content,
            filename=f"journal-audit-{request.network.slug}-{stamp}.csv",
            fmt="csv",
            action="audit.trail.exported",
            rows=count,
            filters=form.filters_for_audit() if form.is_bound else {},
            patient_data=True,
        ),
    )


@staff_required(DIRECTOR)
@require_GET
def alert_list(request):
    alerts = selectors.security_alert_list(request.network)
    page_obj = Paginator(alerts, ALERTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/alerts.html", {"page_obj": page_obj})


@staff_required(DIRECTOR)
@require_POST
def alert_handled(request, public_id):
    alert = get_security_alert_for_director(request, public_id)
    form = AlertHandledForm(request.POST)
    if form.is_valid():
        services.security_alert_handle(
            actor=request.user, alert=alert, note=form.cleaned_data["note"], request=request
        )
        messages.success(request, "Alerte marquée comme traitée.")
    else:
        messages.error(request, "Suite donnée : 2 000 caractères au plus.")
    return redirect("audit:alert_list")
