"""Hospital stays of a patient, the discharge checklist and the fiche de liaison (PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.matrix import Category
from maillage.coordination.permissions import can_read_stays, can_record_stay
from maillage.exports.pdf import render_pdf
from maillage.exports.services import Export, deliver, needs_reauth_redirect
from maillage.hospital import selectors, services
from maillage.hospital.forms import AdmissionForm, DischargeForm, ResponsibleForm
from maillage.hospital.models import DischargeItem, HospitalStay
from maillage.patients.forms import apply_service_errors
from maillage.patients.permissions import require
from maillage.patients.views.base import audit_read, patient_view, render_patient


@patient_view
@require_http_methods(["GET", "POST"])
def stays(request, access):
    require(can_read_stays(access))
    patient = access.patient
    form = AdmissionForm(request.POST or None) if can_record_stay(access) else None
    if request.method == "POST":
        require(form is not None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                stay = services.stay_admit(
                    actor=request.user, patient=patient, request=request, **data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, "Entrée d'hospitalisation enregistrée ; la coordination est prévenue."
                )
                return redirect("hospital:stay", stay.public_id)
    audit_read(request, access, "hospitalisations")
    return render_patient(
        request,
        access,
        "hopital",
        "hospital/stays.html",
        {"form": form, "stays": selectors.stays_of(patient)},
    )


def _stay_access(request, stay_id):
    from maillage.patients.permissions import get_patient_access

    patient_id = (
        HospitalStay.objects.filter(public_id=stay_id)
        .values_list("patient__public_id", flat=True)
        .first()
    )
    if patient_id is None:
        from django.http import Http404

        raise Http404
    access = get_patient_access(request, patient_id)
    require(can_read_stays(access))
    stay = selectors.stay_get(access.patient, stay_id)
    return access, stay


from maillage.access.decorators import authenticated_view  # noqa: E402


@authenticated_view
@require_http_methods(["GET", "POST"])
def stay(request, stay_id):
    access, stay = _stay_access(request, stay_id)
    can_edit = can_record_stay(access)
    form = DischargeForm(request.POST or None) if can_edit and stay.discharged_at is None else None
    if request.method == "POST":
        require(form is not None)
        if form.is_valid():
            try:
                services.stay_discharge(
                    actor=request.user,
                    stay=stay,
                    discharged_at=form.cleaned_data["discharged_at"],
                    request=request,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Sortie enregistrée ; la coordination est prévenue.")
                return redirect("hospital:stay", stay.public_id)
    audit_read(request, access, "sejour", stay=str(stay.public_id))
    return render_patient(
        request,
        access,
        "hopital",
        "hospital/stay.html",
        {"stay": stay, "form": form, "can_edit": can_edit, "items": selectors.checklist(stay)},
    )


@authenticated_view
@require_POST
def item_update(request, stay_id, item_id):
    access, stay = _stay_access(request, stay_id)
    require(can_record_stay(access))
    item = get_object_or_404(DischargeItem, stay=stay, public_id=item_id)
    form = ResponsibleForm(request.POST)
    if form.is_valid():
        services.discharge_item_update(
            actor=request.user,
            item=item,
            responsible=form.cleaned_data["responsible"],
            request=request,
        )
        messages.success(request, "Responsable enregistré.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("hospital:stay", stay.public_id)


@authenticated_view
@require_http_methods(["GET"])
def liaison_sheet(request, stay_id):
    access, stay = _stay_access(request, stay_id)
    if (reauth := needs_reauth_redirect(request)) is not None:
        return reauth
    context = selectors.liaison_context(stay, medical=access.can_read(Category.MEDICAL))
    context["generated_at"] = timezone.now()
    content = render_pdf(
        "hospital/liaison_sheet.html", context, stamp_user=request.user, request=request
    )
    return deliver(
        request,
        Export(
            content=content,
            filename=f"fiche-liaison-{stay.admitted_at:%Y%m%d}.pdf",
            fmt="pdf",
            action="hospital.liaison_sheet.exported",
            rows=1,
            patient=stay.patient,
            target=stay,
        ),
    )
