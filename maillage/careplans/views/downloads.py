"""Downloads of a version through the exports register: the PDFs (kept with the version) and
the FHIR R4 bundle (validated versions only)."""

from __future__ import annotations

from django.http import Http404
from django.views.decorators.http import require_GET

from maillage.access.decorators import authenticated_view
from maillage.careplans.documents import generate_and_keep
from maillage.careplans.fhir import bundle_bytes
from maillage.careplans.models import FROZEN_STATUSES, DocumentKind
from maillage.careplans.permissions import get_version_for_user
from maillage.exports.services import Export, deliver, needs_reauth_redirect

KINDS = {"pps": DocumentKind.PPS, "patient": DocumentKind.PATIENT}


@authenticated_view
@require_GET
def version_pdf(request, public_id, kind):
    version, access = get_version_for_user(request, public_id)
    if kind not in KINDS:
        raise Http404
    if (reauth := needs_reauth_redirect(request)) is not None:
        return reauth
    document = generate_and_keep(version, KINDS[kind], user=request.user)
    suffix = "" if kind == "pps" else "-patient"
    return deliver(
        request,
        Export(
            content=bytes(document.content),
            filename=f"pps-v{version.number}{suffix}.pdf",
            fmt="pdf",
            action="careplans.pps.exported",
            filters={"kind": kind, "version": version.number},
            patient=access.patient,
            target=version,
        ),
    )


@authenticated_view
@require_GET
def version_fhir(request, public_id):
    version, access = get_version_for_user(request, public_id)
    if version.status not in FROZEN_STATUSES:
        raise Http404
    if (reauth := needs_reauth_redirect(request)) is not None:
        return reauth
    content, rows = bundle_bytes(version)
    return deliver(
        request,
        Export(
            content=content,
            filename=f"pps-v{version.number}.fhir.json",
            fmt="fhir",
            action="careplans.pps.exported",
            rows=rows,
            filters={"kind": "fhir", "version": version.number},
            patient=access.patient,
            target=version,
        ),
    )
