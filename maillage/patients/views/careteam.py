"""The care team tab: members, their role and visible data, their end."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.access.decorators import staff_required
from maillage.access.matrix import CATEGORY_LABELS, Category
from maillage.accounts.models import Role
from maillage.patients import selectors, services
from maillage.patients.forms import (
    CareTeamEndForm,
    CareTeamMemberEditForm,
    CareTeamMemberForm,
    InvitationForm,
    apply_service_errors,
)
from maillage.patients.locking import StaleEdit
from maillage.patients.models import CareTeamMember
from maillage.patients.permissions import require
from maillage.patients.views.base import audit_read, conflict_context, patient_view, render_patient


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
        searching = request.POST.get("action") == "search"
        if searching:
            # Without JavaScript the search button posts the form: show results, no errors yet.
            kept = ("role", "query", "started_on", "note", "is_referent", "categories")
            initial = {
                k: request.POST.getlist(k) if k == "categories" else request.POST.get(k)
                for k in kept
            }
            form = CareTeamMemberForm(initial=initial, query=request.POST.get("query", ""))
        else:
            form = CareTeamMemberForm(request.POST or None)
        if request.method == "POST" and not searching and form.is_valid():
            data = form.cleaned_data
            try:
                services.care_team_member_add(
                    actor=request.user,
                    patient=patient,
                    role=data["role"],
                    **form.member_kwargs(),
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
    invite_form = None
    if member.professional_id:
        profile = getattr(member.professional, "external_profile", None)
        invite_form = InvitationForm(
            initial={"email": profile.user.email if profile else member.professional.mssante_email}
        )
    return render_patient(
        request,
        access,
        "equipe",
        "patients/member_edit.html",
        {
            "member": member,
            "form": form,
            "end_form": end_form,
            "invite_form": invite_form,
            **context,
        },
        409 if context else 200,
    )


@staff_required(Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)
@require_GET
def directory_candidates(request):
    """htmx: the directory matches for the care-team form (no patient data)."""
    form = CareTeamMemberForm(query=request.GET.get("query", ""))
    return render(request, "patients/_member_choices.html", {"field": form["member"]})


@patient_view
@require_POST
def member_invite(request, access, member_id):
    """Sends the professional a single-use invitation (72 hours) to reach this record."""
    require(_can_write(access))
    member = get_object_or_404(
        CareTeamMember.objects.select_related("professional"),
        patient=access.patient,
        public_id=member_id,
        ended_on=None,
        professional__isnull=False,
    )
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.external_invite(
                actor=request.user,
                network=access.patient.network,
                professional=member.professional,
                email=form.cleaned_data["email"],
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Invitation envoyée à {form.cleaned_data['email']} (valable 72 heures).",
            )
            return redirect("patients:care_team", access.patient.public_id)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("patients:member_edit", access.patient.public_id, member.public_id)
