"""The exports register: every file a user downloads leaves through `deliver()`.

`deliver()` checks recent re-authentication for patient data, records an `<app>.<thing>.exported`
audit event (format, row count, filters, SHA-256 of the bytes) and answers with an attachment.
Builders for each format live in `maillage.exports.formats`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header

from maillage.audit import record

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "vcf": "text/vcard; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "fhir": "application/fhir+json; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}


@dataclass
class Export:
    """What is being handed over, described for the audit trail."""

    content: bytes
    filename: str
    fmt: str
    action: str  # dotted, ends with ".exported": "audit.trail.exported"
    rows: int | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    patient_data: bool = True
    patient: Any = None
    target: Any = None


def needs_reauth_redirect(request, export_is_patient_data: bool = True):
    """A redirect to the re-authentication page when it is required and stale, else None."""
    from maillage.accounts.services import recently_authenticated

    if export_is_patient_data and not recently_authenticated(request):
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts:reauth')}?{query}")
    return None


def deliver(request, export: Export) -> HttpResponse:
    """Audits then answers with the file as an attachment. Call `needs_reauth_redirect()` first
    (before building the file) for patient data; `deliver()` refuses when it was skipped."""
    if not export.action.endswith(".exported"):
        raise ValueError("Export actions end with '.exported'.")
    if (reauth := needs_reauth_redirect(request, export.patient_data)) is not None:
        return reauth
    digest = hashlib.sha256(export.content).hexdigest()
    record(
        export.action,
        request=request,
        patient=export.patient,
        target=export.target,
        details={
            "format": export.fmt,
            "rows": export.rows,
            "filters": export.filters,
            "sha256": digest,
            "filename": export.filename,
        },
    )
    response = HttpResponse(export.content, content_type=CONTENT_TYPES[export.fmt])
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
