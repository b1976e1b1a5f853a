"""Consent, carers and enrolment tabs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.matrix import Category
from maillage.patients import selectors, services
from maillage.patients.forms import (
    CarerEditForm,
    CarerForm,
    ConsentForm,
    EndDateForm,
    EnrolmentCloseForm,
    EnrolmentEditForm,
    EnrolmentForm,
    WithdrawForm,
    apply_service_errors,
)
from maillage.patients.forms.record import CARER_FIELDS
from maillage.patients.locking import StaleEdit
from maillage.patients.models import Carer, CareTeamMember, Consent, Enrolment
from maillage.patients.permissions import require
from maillage.patients.views.base import audit_read, conflict_context, patient_view, render_patient
from maillage.patients.wordings import WORDINGS


def _rebind(request, version: int):
    data = request.POST.copy()
    data["version"] = version
    return data


# Consent ---------------------------------------------------------------------------------------


@patient_view
@require_http_methods(["GET", "POST"])
def consents(request, access):
    require(access.can_read(Category.ADMINISTRATIVE))
    patient = access.patient
    can_write = access.is_staff and access.can_write(Category.ADMINISTRATIVE)
    members = CareTeamMember.objects.filter(patient=patient, ended_on__isnull=True).select_related(
        "external_user", "professional", "organisation"
    )
    form = None
    if can_write:
        form = ConsentForm(request.POST or None, members_queryset=members)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.consent_record(
                    actor=request.user,
                    patient=patient,
                    kind=data["kind"],
                    method=data["method"],
                    given_on=data["given_on"],
                    scope=data["scope"],
                    members=list(data.get("members") or []),
                    given_by_name=data["given_by_name"],
                    note=data["note"],
                    request=request,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, "Déclaration enregistrée ; elle s'applique dès maintenant."
                )
                return redirect("patients:consents", patient.public_id)
    elif request.method == "POST":
        require(False)
    audit_read(request, access, "consentement")
    return render_patient(
        request,
        access,
        "consentement",
        "patients/consents.html",
        {
            "form": form,
            "consents": selectors.consents_of(patient),
            "wordings": [w for w in WORDINGS if w.version == _latest(w.kind)],
            "can_write": can_write,
        },
    )


def _latest(kind: str) -> str:
    from maillage.patients.wordings import current_wording

    return current_wording(kind).version


@patient_view
@require_POST
def consent_withdraw(request, access, consent_id):
    require(access.is_staff and access.can_write(Category.ADMINISTRATIVE))
    consent = get_object_or_404(Consent, patient=access.patient, public_id=consent_id)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.consent_withdraw(
            actor=request.user,
            consent=consent,
            note=form.cleaned_data.get("note", ""),
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Déclaration retirée ; le retrait s'applique dès maintenant.")
    return redirect("patients:consents", access.patient.public_id)


# Carers ----------------------------------------------------------------------------------------


@patient_view
@require_http_methods(["GET", "POST"])
def carers(request, access):
    require(access.can_read(Category.CONTACT))
    patient = access.patient
    can_write = access.is_staff and access.can_write(Category.CONTACT)
    form = CarerForm(request.POST or None) if can_write else None
    if request.method == "POST":
        require(can_write)
        if form.is_valid():
            try:
                services.carer_add(
                    actor=request.user, patient=patient, data=form.carer_data(), request=request
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Personne ajoutée à l'entourage.")
                return redirect("patients:carers", patient.public_id)
    audit_read(request, access, "entourage")
    return render_patient(
        request,
        access,
        "entourage",
        "patients/carers.html",
        {"form": form, "carers": selectors.carers_of(patient), "can_write": can_write},
    )


@patient_view
@require_http_methods(["GET", "POST"])
def carer_edit(request, access, carer_id):
    require(access.is_staff and access.can_write(Category.CONTACT))
    carer = get_object_or_404(Carer, patient=access.patient, public_id=carer_id, ended_on=None)
    context = {}
    end_form = EndDateForm(initial={"version": carer.version})
    if request.method == "POST":
        form = CarerEditForm(request.POST)
        if form.is_valid():
            try:
                services.carer_update(
                    actor=request.user,
                    carer=carer,
                    data=form.carer_data(),
                    expected_version=form.cleaned_data["version"],
                    request=request,
                )
            except StaleEdit as exc:
                context = conflict_context(exc, form.carer_data())
                form = CarerEditForm(_rebind(request, exc.current.version))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Modifications enregistrées.")
                return redirect("patients:carers", access.patient.public_id)
    else:
        initial = {name: getattr(carer, name) for name in CARER_FIELDS}
        form = CarerEditForm(initial={**initial, "version": carer.version})
    audit_read(request, access, "entourage_modification")
    return render_patient(
        request,
        access,
        "entourage",
        "patients/carer_edit.html",
        {"form": form, "end_form": end_form, "carer": carer, **context},
        409 if context else 200,
    )


@patient_view
@require_POST
def carer_end(request, access, carer_id):
    require(access.is_staff and access.can_write(Category.CONTACT))
    carer = get_object_or_404(Carer, patient=access.patient, public_id=carer_id)
    form = EndDateForm(request.POST)
    if form.is_valid():
        try:
            services.carer_end(
                actor=request.user,
                carer=carer,
                ended_on=form.cleaned_data["ended_on"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except StaleEdit:
            messages.error(
                request, "Cette fiche a été modifiée entre-temps : vérifiez-la puis recommencez."
            )
            return redirect("patients:carer_edit", access.patient.public_id, carer.public_id)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Cette personne ne figure plus dans l'entourage actuel.")
            return redirect("patients:carers", access.patient.public_id)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("patients:carer_edit", access.patient.public_id, carer.public_id)


# Enrolment -------------------------------------------------------------------------------------


@patient_view
@require_http_methods(["GET", "POST"])
def enrolments(request, access):
    require(access.can_read(Category.ADMINISTRATIVE))
    patient = access.patient
    history = list(selectors.enrolments_of(patient))
    open_one = next((e for e in history if e.closed_on is None), None)
    can_write = access.is_staff and access.can_write(Category.ADMINISTRATIVE)
    form = None
    if can_write and open_one is None:
        form = EnrolmentForm(request.POST or None, network=patient.network)
        if request.method == "POST" and form.is_valid():
            try:
                services.enrolment_open(
                    actor=request.user,
                    patient=patient,
                    lead_coordinator=form.cleaned_data["lead_coordinator"],
                    started_on=form.cleaned_data["started_on"],
                    thematics=list(form.cleaned_data["thematics"]),
                    request=request,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Patient inclus.")
                return redirect("patients:enrolments", patient.public_id)
    elif request.method == "POST":
        require(False)
    audit_read(request, access, "suivi")
    return render_patient(
        request,
        access,
        "suivi",
        "patients/enrolments.html",
        {"form": form, "enrolments": history, "open_enrolment": open_one, "can_write": can_write},
    )


@patient_view
@require_http_methods(["GET", "POST"])
def enrolment_edit(request, access, enrolment_id):
    require(access.is_staff and access.can_write(Category.ADMINISTRATIVE))
    patient = access.patient
    enrolment = get_object_or_404(
        Enrolment, patient=patient, public_id=enrolment_id, closed_on=None
    )
    context = {}
    edit_form = EnrolmentEditForm(
        initial={
            "lead_coordinator": enrolment.lead_coordinator_id,
            "thematics": list(enrolment.thematics.all()),
            "started_on": enrolment.started_on,
            "version": enrolment.version,
        },
        network=patient.network,
    )
    close_form = EnrolmentCloseForm(
        initial={"version": enrolment.version}, started_on=enrolment.started_on
    )
    if request.method == "POST" and request.POST.get("action") == "close":
        close_form = EnrolmentCloseForm(request.POST, started_on=enrolment.started_on)
        if close_form.is_valid():
            data = close_form.cleaned_data
            try:
                services.enrolment_close(
                    actor=request.user,
                    enrolment=enrolment,
                    closed_on=data["closed_on"],
                    closed_reason=data["closed_reason"],
                    closure_note=data["closure_note"],
                    expected_version=data["version"],
                    request=request,
                )
            except StaleEdit as exc:
                context = conflict_context(
                    exc, {k: data[k] for k in ("closed_on", "closed_reason")}
                )
                close_form = EnrolmentCloseForm(
                    _rebind(request, exc.current.version), started_on=enrolment.started_on
                )
            except ValidationError as exc:
                apply_service_errors(close_form, exc)
            else:
                messages.success(request, "Suivi clôturé.")
                return redirect("patients:enrolments", patient.public_id)
    elif request.method == "POST":
        edit_form = EnrolmentEditForm(request.POST, network=patient.network)
        if edit_form.is_valid():
            data = edit_form.cleaned_data
            values = {
                "lead_coordinator": data["lead_coordinator"],
                "started_on": data["started_on"],
                "thematics": list(data["thematics"]),
            }
            try:
                services.enrolment_update(
                    actor=request.user,
                    enrolment=enrolment,
                    data=values,
                    expected_version=data["version"],
                    request=request,
                )
            except StaleEdit as exc:
                context = conflict_context(exc, values)
                edit_form = EnrolmentEditForm(
                    _rebind(request, exc.current.version), network=patient.network
                )
            except ValidationError as exc:
                apply_service_errors(edit_form, exc)
            else:
                messages.success(request, "Inclusion mise à jour.")
                return redirect("patients:enrolments", patient.public_id)
    audit_read(request, access, "suivi_modification")
    return render_patient(
        request,
        access,
        "suivi",
        "patients/enrolment_edit.html",
        {"enrolment": enrolment, "edit_form": edit_form, "close_form": close_form, **context},
        409 if context else 200,
    )
