"""The journal tab (append-only: a correction is a new entry) and the tasks tab."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.coordination.services import task_assign
from maillage.patients import selectors, services
from maillage.patients.forms import JournalEntryForm, TaskForm, apply_service_errors
from maillage.patients.locking import StaleEdit
from maillage.patients.models import Confidentiality, JournalEntry, Task
from maillage.patients.permissions import MEDICAL_ONLY_ROLES, journal_visibility, require
from maillage.patients.views.base import audit_read, paginate, patient_view, render_patient


def _allowed_confidentiality(access) -> list[str]:
    allowed = [Confidentiality.CARE_TEAM]
    if access.is_staff:
        allowed.append(Confidentiality.NETWORK_STAFF)
    roles = {access.role, *(m.role for m in access.members)}
    if roles & MEDICAL_ONLY_ROLES:
        allowed.append(Confidentiality.MEDICAL)
    return allowed


def _add_entry(request, access, form, corrects=None):
    data = form.cleaned_data
    return services.journal_entry_add(
        actor=request.user,
        patient=access.patient,
        kind=data["kind"],
        occurred_at=data["occurred_at"],
        title=data["title"],
        body=data["body"],
        participants=data["participants"],
        duration_minutes=data["duration_minutes"],
        confidentiality=data["confidentiality"],
        rupture_tag=data["rupture_tag"] or "",
        corrects=corrects,
        request=request,
    )


@patient_view
@require_http_methods(["GET", "POST"])
def journal(request, access):
    require(access.can_read_journal)
    patient = access.patient
    form = None
    if access.can_write_journal:
        form = JournalEntryForm(
            request.POST or None, allowed_confidentiality=_allowed_confidentiality(access)
        )
        if request.method == "POST" and form.is_valid():
            try:
                _add_entry(request, access, form)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Entrée ajoutée au journal.")
                return redirect("patients:journal", patient.public_id)
    elif request.method == "POST":
        require(False)
    page = paginate(request, selectors.journal_of(patient, journal_visibility(access)))
    audit_read(request, access, "journal", page=page.number)
    return render_patient(
        request, access, "journal", "patients/journal.html", {"form": form, "page_obj": page}
    )


@patient_view
@require_http_methods(["GET", "POST"])
def journal_correct(request, access, entry_id):
    require(access.can_read_journal and access.can_write_journal)
    original = get_object_or_404(
        JournalEntry.objects.filter(journal_visibility(access)),
        patient=access.patient,
        public_id=entry_id,
    )
    allowed = _allowed_confidentiality(access)
    if request.method == "POST":
        form = JournalEntryForm(request.POST, allowed_confidentiality=allowed)
        if form.is_valid():
            try:
                _add_entry(request, access, form, corrects=original)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Correction ajoutée au journal.")
                return redirect("patients:journal", access.patient.public_id)
    else:
        form = JournalEntryForm(
            initial={
                "kind": original.kind if original.kind != "event" else "note",
                "occurred_at": original.occurred_at,
                "title": f"Correction : {original.title}".strip(" :"),
                "body": original.body,
                "participants": original.participants,
                "duration_minutes": original.duration_minutes,
                "confidentiality": original.confidentiality
                if original.confidentiality in allowed
                else Confidentiality.CARE_TEAM,
                "rupture_tag": original.rupture_tag,
            },
            allowed_confidentiality=allowed,
        )
    audit_read(request, access, "journal_correction")
    return render_patient(
        request,
        access,
        "journal",
        "patients/journal_correct.html",
        {"form": form, "original": original},
    )


@patient_view
@require_http_methods(["GET", "POST"])
def tasks(request, access):
    require(access.can_manage_tasks)
    patient = access.patient
    form = TaskForm(request.POST or None, network=patient.network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task_assign(  # the core's task_create, and the assignee's notification
                actor=request.user,
                network=patient.network,
                patient=patient,
                assignee=data["assignee"],
                title=data["title"],
                due_on=data["due_on"],
                priority=data["priority"],
                description=data["description"],
                origin="manual",
                request=request,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Tâche créée.")
            return redirect("patients:tasks", patient.public_id)
    page = paginate(request, selectors.tasks_of(patient))
    audit_read(request, access, "taches")
    return render_patient(
        request, access, "taches", "patients/tasks.html", {"form": form, "page_obj": page}
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@patient_view
@require_POST
def task_complete(request, access, task_id):
    require(access.can_manage_tasks)
    task = get_object_or_404(Task, patient=access.patient, public_id=task_id)
    try:
        services.task_complete(
            actor=request.user,
            task=task,
            expected_version=_int(request.POST.get("version")),
            request=request,
        )
    except StaleEdit:
        messages.error(request, "Cette tâche a été modifiée entre-temps : vérifiez-la.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Tâche marquée comme faite.")
    return redirect("patients:tasks", access.patient.public_id)
