"""The pseudonymised patient-level CSV for a study (see docs/study-export.md).

Director and medical lead of the active network only (other roles and other networks: 404);
the password is asked again before the form (`reauth_required("export")`) and `deliver()`
records the `reporting.study.exported` event with the period, purpose, recipient and legal basis.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import staff_required
from maillage.access.matrix import Category, can_read
from maillage.accounts.decorators import reauth_required
from maillage.accounts.models import Role
from maillage.exports.formats import csv_bytes
from maillage.exports.services import Export, deliver
from maillage.reporting.forms_study import StudyExportForm
from maillage.reporting.pseudonymised import (
    K_THRESHOLD,
    PseudonymisationKeyMissing,
    build_study_file,
)

STUDY_ROLES = (Role.DIRECTOR, Role.MEDICAL_LEAD)


@staff_required(*STUDY_ROLES)
@reauth_required("export")
@require_http_methods(["GET", "POST"])
def study_export(request):
    form = StudyExportForm(request.POST or None)
    medical = can_read(request.membership.role, Category.MEDICAL)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study = build_study_file(request.network, data["start"], data["end"], medical=medical)
        except PseudonymisationKeyMissing:
            messages.error(
                request,
                "Export impossible : la clé de pseudonymisation (PSEUDONYMISATION_KEY) n'est pas "
                "configurée sur ce serveur. Prévenez l'administrateur technique.",
            )
            study = None
        if study is not None and not study.rows:
            messages.info(
                request,
                f"Aucun patient suivi du {data['start']:%d/%m/%Y} au {data['end']:%d/%m/%Y} "
                "(hors oppositions à la réutilisation) : il n'y a rien à exporter.",
            )
        elif study is not None:
            content, count = csv_bytes(study.header, study.rows)
            filters = {**form.audit_filters(), "zone_level": study.zone_level, "k": K_THRESHOLD}
            return deliver(
                request,
                Export(
                    content=content,
                    filename=f"etude-pseudonymisee-{request.network.slug}-"
                    f"{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.csv",
                    fmt="csv",
                    action="reporting.study.exported",
                    rows=count,
                    filters=filters,
                    patient_data=True,
                ),
            )
    return render(
        request,
        "reporting/study/export.html",
        {"form": form, "medical": medical, "k": K_THRESHOLD},
    )
