"""The PPS documents: the HAS-model PDF and the plain-French version for the patient. Each
generated document is kept with its version (bytes and SHA-256)."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from maillage.careplans.models import DocumentKind, PpsDocument
from maillage.careplans.selectors import flat_actions, plan_of
from maillage.careplans.services import current_gp
from maillage.exports.pdf import render_pdf

TEMPLATES = {
    DocumentKind.PPS: "careplans/pdf/pps.html",
    DocumentKind.PATIENT: "careplans/pdf/patient.html",
}


def document_context(version) -> dict:
    plan = plan_of(version)
    patient = version.pps.patient
    return {
        "version": version,
        "patient": patient,
        "network": version.pps.network,
        "header": version.header,
        "plan": plan,
        "actions": flat_actions(plan),
        "alerts": list(version.alerts.all()),
        "gp": current_gp(patient),
        "generated_on": timezone.localdate(),
    }


def render_document(version, kind: str, *, user) -> bytes:
    return render_pdf(TEMPLATES[kind], document_context(version), stamp_user=user)


def generate_and_keep(version, kind: str, *, user) -> PpsDocument:
    content = render_document(version, kind, user=user)
    return PpsDocument.objects.create(
        version=version,
        kind=kind,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        generated_by=user,
    )
