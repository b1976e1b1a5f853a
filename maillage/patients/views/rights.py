"""The person's rights: full export (PDF and JSON), rectification history, who accessed it."""

from __future__ import annotations

from django.views.decorators.http import require_GET

from maillage.exports.services import Export, deliver, needs_reauth_redirect
from maillage.patients import rights, selectors
from maillage.patients.permissions import can_view_access_log, require
from maillage.patients.views.base import audit_read, paginate, patient_view, render_patient

RECTIFICATION_ACTIONS = [
    "patients.patient.created",
    "patients.patient.rectified",
    "patients.identity.validated",
    "patients.patient.merged",
    "patients.merge.undone",
]


@patient_view
@require_GET
def rights_page(request, access):
    require(access.can_export)
    patient = access.patient
    rectifications = selectors.access_log(patient).filter(action__in=RECTIFICATION_ACTIONS)
    page = paginate(request, rectifications)
    for event in page.object_list:
        event.label = rights.action_label(event.action)
        event.fields = (event.details or {}).get("fields", {})
    audit_read(request, access, "droits")
    return render_patient(request, access, "droits", "patients/rights.html", {"page_obj": page})


def _export(request, access, fmt: str):
    require(access.can_export)
    if (reauth := needs_reauth_redirect(request)) is not None:
        return reauth
    patient = access.patient
    data = rights.build_record(patient, network=patient.network)
    content = (
        rights.record_pdf(data, patient, user=request.user)
        if fmt == "pdf"
        else rights.record_json(data)
    )
    stamp = patient.public_id.hex[:8]
    return deliver(
        request,
        Export(
            content=content,
            filename=f"dossier-{stamp}.{fmt}",
            fmt=fmt,
            action="patients.record.exported",
            rows=sum(len(s["rows"]) for s in data["sections"]),
            patient=patient,
            target=patient,
        ),
    )


@patient_view
@require_GET
def export_pdf(request, access):
    return _export(request, access, "pdf")


@patient_view
@require_GET
def export_json(request, access):
    return _export(request, access, "json")


@patient_view
@require_GET
def access_log(request, access):
    banner = selectors.banner(access.patient)
    require(can_view_access_log(access, banner["lead_coordinator_id"]))
    page = paginate(request, selectors.access_log(access.patient), size=50)
    for event in page.object_list:
        event.label = rights.action_label(event.action)
    audit_read(request, access, "acces", page=page.number)
    return render_patient(request, access, "acces", "patients/access_log.html", {"page_obj": page})
