"""Writes on a PPS: every view checks access (404), validates its form, calls one service, and
on a refusal re-renders the version's page with French messages: nothing is half-saved."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from maillage.access.decorators import authenticated_view
from maillage.careplans import services
from maillage.careplans.forms import (
    ActionForm,
    AlertForm,
    GoalForm,
    GpRecordForm,
    MeetingForm,
    PatientAgreementForm,
    ProblemForm,
    SituationForm,
    StatusForm,
    TemplateForm,
    apply_errors,
)
from maillage.careplans.permissions import (
    get_action_for_user,
    get_pps_access,
    get_version_for_user,
)
from maillage.careplans.views.pages import render_detail
from maillage.patients.selectors import open_enrolment


def _editor_version(request, public_id):
    version, access = get_version_for_user(request, public_id)
    if not access.can_edit:
        raise Http404
    return version, access


def _to_version(version):
    return redirect("careplans:version", public_id=version.public_id)


def _refused(request, version, access, form_name, form, exc=None):
    if exc is not None:
        apply_errors(form, exc)
    version.refresh_from_db()
    return render_detail(request, version, access, status=400, **{form_name: form})


@authenticated_view
@require_POST
def pps_start(request, public_id):
    access = get_pps_access(request, public_id)
    if not access.can_edit:
        raise Http404
    enrolment = open_enrolment(access.patient)
    if enrolment is None:
        messages.error(request, "Le patient n'a pas d'inclusion en cours : pas de PPS possible.")
        return redirect("careplans:patient_pps", public_id=public_id)
    try:
        version = services.pps_start(actor=request.user, enrolment=enrolment, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("careplans:patient_pps", public_id=public_id)
    return _to_version(version)


@authenticated_view
@require_POST
def section_save(request, public_id, section):
    version, access = _editor_version(request, public_id)
    form_class = {"meeting": MeetingForm, "situation": SituationForm}.get(section)
    if form_class is None:
        raise Http404
    form_name = f"{section}_form"
    form = form_class(request.POST)
    if not form.is_valid():
        return _refused(request, version, access, form_name, form)
    data = {k: v for k, v in form.cleaned_data.items() if k != "rev"}
    try:
        services.section_update(
            actor=request.user,
            version=version,
            section=section,
            expected_rev=form.cleaned_data["rev"],
            data=data,
            request=request,
        )
    except services.SectionConflict as conflict:
        version.refresh_from_db()
        return render_detail(
            request,
            version,
            access,
            status=409,
            conflict={"section": section, "rows": conflict.rows},
        )
    except ValidationError as exc:
        return _refused(request, version, access, form_name, form, exc)
    messages.success(request, "Section enregistrée.")
    return _to_version(version)


def _add_from_form(
    request, public_id, form_class, form_name: str, service, *, prefix=None, success=""
):
    """Editor's POST: validate `form_class`, call `service(version=…, **cleaned_data)`, and
    either go back to the version (with `success` said) or show the refusal with the form."""
    version, access = _editor_version(request, public_id)
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return _refused(request, version, access, form_name, form)
    try:
        service(actor=request.user, version=version, request=request, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, version, access, form_name, form, exc)
    if success:
        messages.success(request, success)
    return _to_version(version)


@authenticated_view
@require_POST
def problem_add(request, public_id):
    return _add_from_form(request, public_id, ProblemForm, "problem_form", services.problem_add)


@authenticated_view
@require_POST
def problems_import(request, public_id):
    version, _access = _editor_version(request, public_id)
    try:
        count = services.problems_import(actor=request.user, version=version, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_version(version)
    messages.success(request, f"{count} problème(s) importé(s) de l'évaluation.")
    return _to_version(version)


@authenticated_view
@require_POST
def goal_add(request, public_id):
    version, access = _editor_version(request, public_id)
    form = GoalForm(request.POST, version=version)
    if not form.is_valid():
        return _refused(request, version, access, "goal_form", form)
    try:
        services.goal_add(
            actor=request.user,
            problem=form.cleaned_data["problem"],
            text=form.cleaned_data["text"],
            request=request,
        )
    except ValidationError as exc:
        return _refused(request, version, access, "goal_form", form, exc)
    return _to_version(version)


@authenticated_view
@require_POST
def action_add(request, public_id):
    version, access = _editor_version(request, public_id)
    form = ActionForm(request.POST, patient=access.patient, version=version)
    if not form.is_valid():
        return _refused(request, version, access, "action_form", form)
    try:
        services.action_add(
            actor=request.user,
            goal=form.cleaned_data["goal"],
            data=form.cleaned_data,
            request=request,
        )
    except ValidationError as exc:
        return _refused(request, version, access, "action_form", form, exc)
    return _to_version(version)


@authenticated_view
@require_POST
def alert_add(request, public_id):
    return _add_from_form(request, public_id, AlertForm, "alert_form", services.alert_add)


@authenticated_view
@require_POST
def template_apply(request, public_id):
    version, access = _editor_version(request, public_id)
    form = TemplateForm(request.POST, patient=access.patient)
    if not form.is_valid():
        return _refused(request, version, access, "template_form", form)
    try:
        services.template_apply(
            actor=request.user,
            version=version,
            key=form.cleaned_data["template"],
            responsible=form.cleaned_data["responsible"],
            request=request,
        )
    except ValidationError as exc:
        return _refused(request, version, access, "template_form", form, exc)
    return _to_version(version)


def _simple(request, version, service, success: str, **kwargs):
    try:
        service(actor=request.user, version=version, request=request, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _to_version(version)
    messages.success(request, success)
    return _to_version(version)


@authenticated_view
@require_POST
def submit(request, public_id):
    version, _access = _editor_version(request, public_id)
    return _simple(request, version, services.version_submit, "PPS soumis pour accord.")


@authenticated_view
@require_POST
def validate(request, public_id):
    version, _access = _editor_version(request, public_id)
    return _simple(request, version, services.version_validate, "PPS validé.")


@authenticated_view
@require_POST
def gp_agree(request, public_id):
    """The médecin traitant's own account (or the medical lead's, without a médecin traitant)."""
    version, access = get_version_for_user(request, public_id)
    return _simple(
        request,
        version,
        services.gp_agreement_give,
        "Votre accord est enregistré.",
        access=access.patient_access,
    )


@authenticated_view
@require_POST
def gp_record(request, public_id):
    return _add_from_form(
        request,
        public_id,
        GpRecordForm,
        "gp_form",
        services.gp_agreement_record,
        prefix="gp",
        success="Accord du médecin enregistré.",
    )


@authenticated_view
@require_POST
def patient_agreement(request, public_id):
    return _add_from_form(
        request,
        public_id,
        PatientAgreementForm,
        "patient_form",
        services.patient_agreement_record,
        success="Réponse du patient enregistrée.",
    )


@authenticated_view
@require_POST
def revise(request, public_id):
    version, _access = _editor_version(request, public_id)
    try:
        draft = services.version_revise(actor=request.user, pps=version.pps, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_version(version)
    return _to_version(draft)


@authenticated_view
@require_POST
def action_status(request, public_id):
    action, _access = get_action_for_user(request, public_id)
    version = action.goal.problem.version
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_status_set(
                actor=request.user,
                action=action,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expected_row_version=form.cleaned_data["row_version"],
                request=request,
            )
            messages.success(request, "État de l'action enregistré.")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        messages.error(request, "État de l'action : choisissez un état de la liste.")
    return _to_version(version)
