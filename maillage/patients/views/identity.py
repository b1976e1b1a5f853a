"""List and search, creation (duplicates first), identity tab, rectification."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import login_required_404, staff_required
from maillage.access.matrix import Category
from maillage.accounts.models import Role
from maillage.audit import record
from maillage.patients import nir, selectors, services
from maillage.patients.duplicates import find_duplicates
from maillage.patients.forms import (
    PatientCreateForm,
    PatientEditForm,
    PatientSearchForm,
    apply_service_errors,
)
from maillage.patients.forms import identity as identity_forms
from maillage.patients.locking import StaleEdit
from maillage.patients.permissions import get_patient_access, patients_visible_to, require
from maillage.patients.views.base import (
    audit_read,
    conflict_context,
    paginate,
    patient_view,
    render_patient,
)
from maillage.patients.views.lists import CASELOAD_ROLES

LIST_ROLES = (Role.RECEPTION, Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)
IDENTITY_WRITERS = (Role.RECEPTION, Role.COORDINATOR, Role.MEDICAL_LEAD)


@staff_required(*LIST_ROLES)
@require_http_methods(["GET", "POST"])
def patient_list(request):
    """Search by POST, so that names, birth dates and NIR never appear in URLs or logs."""
    form = PatientSearchForm(request.POST or None, network=request.network)
    visible = patients_visible_to(request.user, request.network, request.membership)
    filters, page_number = {}, 1
    if request.method == "POST" and form.is_valid():
        filters = form.filters()
        page_number = form.cleaned_data.get("page") or 1
    rows = selectors.patient_search(visible, **filters)
    page = paginate(request, rows, page_number)
    for patient in page.object_list:
        patient.follow_up = selectors.follow_up_of(patient)
        patient.lead = next(
            (e.lead_coordinator for e in patient.enrolment_list if e.closed_on is None), None
        )
    record(
        "patients.patient.listed",
        request=request,
        details={
            "filters": sorted(k for k, v in filters.items() if v),
            "page": page.number,
            "results": page.paginator.count,
            "patients": [str(p.public_id) for p in page.object_list],
        },
    )
    return render(
        request,
        "patients/list.html",
        {
            "form": form,
            "page_obj": page,
            "searched": bool(filters),
            "can_create": request.membership.role in IDENTITY_WRITERS,
            "can_see_caseload": request.membership.role in CASELOAD_ROLES,
        },
    )


@staff_required(*IDENTITY_WRITERS)
@require_http_methods(["GET", "POST"])
def patient_create(request):
    form = PatientCreateForm(request.POST or None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidates = find_duplicates(
            network=request.network,
            birth_date=data["birth_date"],
            birth_name=data["birth_name"],
            used_name=data["used_name"],
            first_names=f"{data['first_names']} {data['used_first_name']}",
        )
        for candidate in candidates:
            record(
                "patients.patient.proposed_as_duplicate",
                request=request,
                target=candidate.patient,
                patient=candidate.patient,
                details={"score": candidate.score},
            )
        if not candidates or data["not_a_duplicate"]:
            try:
                patient = services.patient_create(
                    actor=request.user,
                    network=request.network,
                    data=form.identity_data(),
                    request=request,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Dossier créé.")
                return redirect("patients:detail", patient.public_id)
    return render(
        request,
        "patients/create.html",
        {"form": form, "candidates": candidates},
    )


@login_required_404
@require_http_methods(["GET"])
def patient_detail(request, public_id):
    access = get_patient_access(request, public_id, allow_merged=True)
    patient = access.patient
    if patient.is_merged:
        audit_read(request, access, "fusionne")
        merge = (
            selectors.merges_of(patient).filter(absorbed=patient, undone_at__isnull=True).first()
        )
        return render(
            request,
            "patients/merged.html",
            {"patient": patient, "merge": merge, "access": access},
        )
    require(access.can_read(Category.IDENTITY))
    audit_read(request, access, "identite")
    return render_patient(
        request,
        access,
        "identite",
        "patients/identity.html",
        {
            "nir_display": nir.formatted(patient.declared_nir),
            "can_edit": access.can_write(Category.IDENTITY),
            "can_check_duplicates": access.is_staff and access.can_write(Category.IDENTITY),
            "merges": selectors.merges_of(patient) if access.is_staff else [],
        },
    )


@patient_view
@require_http_methods(["GET", "POST"])
def patient_edit(request, access):
    require(access.can_write(Category.IDENTITY))
    patient = access.patient
    context = {}
    if request.method == "POST":
        form = PatientEditForm(
            request.POST, initial=PatientEditForm.initial_for(patient), patient=patient
        )
        if form.is_valid():
            try:
                services.patient_update(
                    actor=request.user,
                    patient=patient,
                    data=form.identity_data(),
                    expected_version=form.cleaned_data["version"],
                    request=request,
                )
            except StaleEdit as exc:
                context = conflict_context(exc, form.identity_data())
                data = request.POST.copy()
                data["version"] = exc.current.version
                form = PatientEditForm(
                    data, initial=PatientEditForm.initial_for(exc.current), patient=exc.current
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Identité enregistrée.")
                return redirect("patients:detail", patient.public_id)
    else:
        form = PatientEditForm(initial=PatientEditForm.initial_for(patient), patient=patient)
    audit_read(request, access, "identite_modification")
    status = 409 if context else 200
    return render_patient(
        request, access, "identite", "patients/edit.html", {"form": form, **context}, status
    )


@patient_view
@require_http_methods(["GET"])
def patient_duplicates(request, access):
    require(access.is_staff and access.can_write(Category.IDENTITY))
    patient = access.patient
    candidates = find_duplicates(
        network=patient.network,
        birth_date=patient.birth_date,
        birth_name=patient.birth_name,
        used_name=patient.used_name,
        first_names=f"{patient.first_names} {patient.used_first_name}",
        exclude=patient,
    )
    audit_read(
        request, access, "doublons", candidates=[str(c.patient.public_id) for c in candidates]
    )
    for candidate in candidates:
        record(
            "patients.patient.proposed_as_duplicate",
            request=request,
            target=candidate.patient,
            patient=candidate.patient,
            details={"score": candidate.score, "of": str(patient.public_id)},
        )
    return render_patient(
        request,
        access,
        "identite",
        "patients/duplicates.html",
        {"candidates": candidates},
    )


@staff_required(*LIST_ROLES)
@require_http_methods(["GET"])
def communes_for_postcode(request):
    """htmx: the <option>s of the communes served by the postal code being typed."""
    postal_code = request.GET.get("postal_code", "").strip()
    return render(
        request,
        "patients/_commune_options.html",
        {"communes": identity_forms.communes_for_postcode(postal_code)},
    )
