"""The care team tab: members, their role and visible data, their end."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from maillage.access.matrix import CATEGORY_LABELS, Category
from maillage.accounts.models import User, UserKind
from maillage.patients import selectors, services
from maillage.patients.forms import (
    CareTeamEndForm,
    CareTeamMemberEditForm,
    CareTeamMemberForm,
    apply_service_errors,
)
from maillage.patients.locking import StaleEdit
from maillage.patients.models import CareTeamMember
from maillage.patients.permissions import require
from maillage.patients.views.base import audit_read, conflict_context, patient_view, render_patient


def _external_users():
    return User.objects.filter(kind=UserKind.EXTERNAL, is_active=True).order_by(
        "last_name", "first_name"
    )


def _can_write(access) -> bool:
    return access.is_staff and access.can_write(Category.ADMINISTRATIVE)


@patient_view
@require_http_methods(["GET", "POST"])
def care_team(request, access):
    require(access.can_read(Category.CONTACT))
    patient = access.patient
    can_write = _can_write(access)
    form = None
    if can_write:
        form = CareTeamMemberForm(request.POST or None, external_users=_external_users())
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.care_team_member_add(
                    actor=request.user,
                    patient=patient,
                    role=data["role"],
                    external_user=data["external_user"],
                    started_on=data["started_on"],
                    is_referent=data["is_referent"],
                    categories=data["categories"],
                    note=data["note"],
                    request=request,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Membre ajouté à l'équipe de soins.")
                return redirect("patients:care_team", patient.public_id)
    elif request.method == "POST":
        require(False)
    members = list(selectors.care_team_of(patient))
    objected = selectors.consent_state(patient).objected_member_ids
    for member in members:
        member.category_labels = [
            CATEGORY_LABELS[Category(c)] for c in member.categories if c in set(Category)
        ]
        member.objected = member.pk in objected
    audit_read(request, access, "equipe")
    return render_patient(
        request,
        access,
        "equipe",
        "patients/care_team.html",
        {"form": form, "members": members, "can_write": can_write},
    )


@patient_view
@require_http_methods(["GET", "POST"])
def member_edit(request, access, member_id):
    require(_can_write(access))
    patient = access.patient
    member = get_object_or_404(CareTeamMember, patient=patient, public_id=member_id, ended_on=None)
    context = {}
    form = CareTeamMemberEditForm(
        initial={
            "is_referent": member.is_referent,
            "categories": member.categories,
            "note": member.note,
            "version": member.version,
        }
    )
    end_form = CareTeamEndForm(initial={"version": member.version})
    if request.method == "POST" and request.POST.get("action") == "end":
        end_form = CareTeamEndForm(request.POST)
        if end_form.is_valid():
            data = end_form.cleaned_data
            try:
                services.care_team_member_end(
                    actor=request.user,
                    member=member,
                    ended_on=data["ended_on"],
                    end_reason=data["end_reason"],
                    expected_version=data["version"],
                    request=request,
                )
            except StaleEdit as exc:
                context = conflict_context(
                    exc, {"ended_on": data["ended_on"], "end_reason": data["end_reason"]}
                )
                rebound = request.POST.copy()
                rebound["version"] = exc.current.version
                end_form = CareTeamEndForm(rebound)
            except ValidationError as exc:
                apply_service_errors(end_form, exc)
            else:
                messages.success(request, "Ce membre ne fait plus partie de l'équipe de soins.")
                return redirect("patients:care_team", patient.public_id)
    elif request.method == "POST":
        form = CareTeamMemberEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            values = {
                "is_referent": data["is_referent"],
                "categories": data["categories"],
                "note": data["note"],
            }
            try:
                services.care_team_member_update(
                    actor=request.user,
                    member=member,
                    data=values,
                    expected_version=data["version"],
                    request=request,
                )
            except StaleEdit as exc:
                context = conflict_context(exc, values)
                rebound = request.POST.copy()
                rebound["version"] = exc.current.version
                form = CareTeamMemberEditForm(rebound)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Modifications enregistrées.")
                return redirect("patients:care_team", patient.public_id)
    audit_read(request, access, "equipe_modification")
    return render_patient(
        request,
        access,
        "equipe",
        "patients/member_edit.html",
        {"member": member, "form": form, "end_form": end_form, **context},
        409 if context else 200,
    )
