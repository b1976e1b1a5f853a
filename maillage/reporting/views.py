"""The director's (and medical lead's) activity page, its drill-down lists, its downloads and the
CPOM targets. Figures come from `report.build_report` (the same as `activity_report`)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access.decorators import staff_required
from maillage.audit import record
from maillage.exports.services import Export, deliver
from maillage.networks.models import Thematic
from maillage.reporting import drilldown, services
from maillage.reporting.forms import PeriodForm, TargetsForm, default_period
from maillage.reporting.indicators import Scope
from maillage.reporting.report import (
    ArsTemplateError,
    ars_templates,
    build_report,
    chart_value,
    summary_figures,
    targets_for,
)
from maillage.reporting.report import (
    render as render_report,
)

REPORTING_ROLES = ("director", "medical_lead")
TARGET_ROLES = ("director",)
TARGET_KEYS = [
    ("requests.total", "Demandes reçues"),
    ("requests.by_outcome.accompaniment", "Demandes aboutissant à un accompagnement"),
    ("file_active.patients", "File active"),
    ("file_active.patients_per_coordinator_fte", "File active par ETP de coordination"),
    ("enrolments.new", "Nouvelles inclusions"),
    ("delays.request_to_first_contact.median_days", "Délai médian demande → premier contact"),
    ("delays.request_to_first_validated_pps.median_days", "Délai médian demande → PPS validé"),
    ("pps.validated_versions", "PPS validés"),
    ("pps.reviewed_on_time_rate", "PPS réévalués à temps (%)"),
    ("hospital.readmission_rate", "Taux de réhospitalisation à 30 jours (%)"),
    ("training.events", "Actions de formation"),
    ("training.attendees", "Professionnels formés"),
]
DOWNLOAD_FORMATS = {"pdf": "pdf", "xlsx": "xlsx", "json": "json", "ars": "xlsx"}


def _period(request):
    """(form, start, end, thematic) from the query string; defaults to the current year."""
    thematics = list(Thematic.objects.filter(networks=request.network).order_by("label"))
    if not thematics:
        thematics = list(Thematic.objects.order_by("label"))
    start, end = default_period()
    data = request.GET if "du" in request.GET else {"du": start, "au": end}
    form = PeriodForm(data, thematics=thematics)
    if not form.is_valid():
        return form, None, None, None
    return (
        form,
        form.cleaned_data["du"],
        form.cleaned_data["au"],
        form.cleaned_data.get("thematique") or None,
    )


def _query(form) -> str:
    data = form.cleaned_data
    params = {"du": data["du"].isoformat(), "au": data["au"].isoformat()}
    for name in ("thematique",):
        if data.get(name):
            params[name] = data[name]
    for name in ("comparer", "masquer"):
        if data.get(name):
            params[name] = "1"
    return urlencode(params)


@staff_required(*REPORTING_ROLES)
@require_GET
def dashboard(request):
    form, start, end, thematic = _period(request)
    context = {"form": form, "report": None, "can_edit_targets": _can_edit_targets(request)}
    if start is not None:
        report = build_report(
            [request.network],
            start,
            end,
            thematic=thematic,
            mask_small=form.cleaned_data.get("masquer", False),
            compare=form.cleaned_data.get("comparer", False),
        )
        sections = report.sections()
        for section in sections:
            for row in section.rows:
                row.drillable = drilldown.is_drillable(row.key) and not report.mask_small
        rows = {row.key: row for section in sections for row in section.rows if row.key}
        summary = [
            {
                "label": label,
                "key": key,
                "value": rows[key].value,
                "previous": rows[key].previous,
                "target": rows[key].target,
                "drillable": rows[key].drillable,
            }
            for label, key, _value in summary_figures(report.data)
        ]
        context.update(
            {
                "report": report,
                "sections": sections,
                "summary": summary,
                "charts": charts_for_page(sections),
                "query": _query(form),
                "ars_templates": ars_templates(),
            }
        )
    return render(request, "reporting/dashboard.html", context)


def charts_for_page(sections):
    from maillage.reporting.charts import bar_chart

    charts = {}
    for section in sections:
        if section.chart == "bars" and section.rows:
            charts[section.key] = bar_chart(
                section.title,
                [(r.label, chart_value(r.value), chart_value(r.previous)) for r in section.rows],
                uid=section.key,
            )
    return charts


def _can_edit_targets(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in TARGET_ROLES


@staff_required(*REPORTING_ROLES)
@require_GET
def drill(request, key):
    form, start, end, thematic = _period(request)
    if start is None or not drilldown.is_drillable(key):
        raise Http404
    scope = Scope([request.network], start, end, thematic)
    found = drilldown.resolve(key, scope)
    if found is None:
        raise Http404
    kind, queryset, title = found
    if kind == drilldown.REQUEST:
        queryset = queryset.select_related("patient").order_by("received_at", "pk")
    else:
        queryset = queryset.select_related("commune").order_by("birth_name", "first_names", "pk")
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    record(
        "reporting.drilldown.viewed",
        request=request,
        network=request.network,
        details={
            "indicator": key,
            "kind": kind,
            "page": page.number,
            "rows": len(page.object_list),
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
    )
    return render(
        request,
        "reporting/drilldown.html",
        {
            "kind": kind,
            "title": title,
            "key": key,
            "page_obj": page,
            "start": start,
            "end": end,
            "query": _query(form),
            "querystring_prefix": _query(form) + "&",
        },
    )


@staff_required(*REPORTING_ROLES)
@require_GET
def download(request, fmt):
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    form, start, end, thematic = _period(request)
    if start is None:
        messages.error(request, "Téléchargement impossible : " + _form_errors(form))
        return redirect("reporting:dashboard")
    template = request.GET.get("modele", "") if fmt == "ars" else ""
    if fmt == "ars" and template not in dict(ars_templates()):
        messages.error(request, "Téléchargement impossible : choisissez un modèle ARS connu.")
        return redirect("reporting:dashboard")
    mask = form.cleaned_data.get("masquer", False)
    report = build_report([request.network], start, end, thematic=thematic, mask_small=mask)
    try:
        content = render_report(
            report, DOWNLOAD_FORMATS[fmt], stamp_user=request.user, ars_template=template
        )
    except ArsTemplateError as exc:
        messages.error(request, f"Téléchargement impossible : {exc}")
        return redirect("reporting:dashboard")
    suffix = f"-{template}" if template else ""
    filename = (
        f"activite-{request.network.slug}-{start:%Y%m%d}-{end:%Y%m%d}{suffix}"
        f".{DOWNLOAD_FORMATS[fmt]}"
    )
    return deliver(
        request,
        Export(
            content=content,
            filename=filename,
            fmt=DOWNLOAD_FORMATS[fmt],
            action="reporting.report.exported",
            filters={
                "start": start.isoformat(),
                "end": end.isoformat(),
                "thematic": thematic or "",
                "small_cells_hidden": mask,
                "ars_template": template,
            },
            patient_data=False,
        ),
    )


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@staff_required(*TARGET_ROLES)
@require_http_methods(["GET", "POST"])
def targets(request):
    from django.utils import timezone

    source = request.POST if request.method == "POST" else request.GET
    try:
        year = int(source.get("annee") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    current = targets_for([request.network], datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    form = TargetsForm(
        request.POST or None,
        keys=TARGET_KEYS,
        initial_targets=current,
        initial={"annee": year},
    )
    if request.method == "POST" and form.is_valid():
        changed = services.targets_save(
            actor=request.user,
            network=request.network,
            year=form.cleaned_data["annee"],
            targets=form.targets(),
            request=request,
        )
        messages.success(
            request,
            f"Objectifs CPOM {form.cleaned_data['annee']} enregistrés ({changed} modification(s)).",
        )
        return redirect(f"{request.path}?annee={form.cleaned_data['annee']}")
    return render(request, "reporting/targets.html", {"form": form, "year": year})


@staff_required(*REPORTING_ROLES)
@require_GET
def panel(request):
    """The figures of the dashboard panel, loaded by htmx after the dashboard."""
    from maillage.reporting.dashboard import panel_figures

    return render(request, "reporting/panel.html", {"panel": panel_figures(request.network)})
