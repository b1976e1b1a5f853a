"""The patient's timeline (over the journal core), vigilance notes and the care team's thread."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.coordination import selectors, services
from maillage.coordination.forms import (
    MessageForm,
    TimelineEntryForm,
    TimelineFilterForm,
    VigilanceForm,
)
from maillage.coordination.models import VigilanceNote
from maillage.coordination.permissions import can_use_thread, thread_participants
from maillage.patients.forms import apply_service_errors
from maillage.patients.models import JournalEntry
from maillage.patients.permissions import journal_visibility, require
from maillage.patients.views.base import audit_read, patient_view, render_patient
from maillage.patients.views.journal import _allowed_confidentiality


def _filters(request, access):
    User = get_user_model()
    authors = User.objects.filter(
        pk__in=JournalEntry.objects.filter(patient=access.patient, author__isnull=False)
        .values("author")
        .distinct()
    ).order_by("last_name", "first_name")
    form = TimelineFilterForm(request.GET or None, authors=authors)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, data


@patient_view
@require_http_methods(["GET", "POST"])
def timeline(request, access):
    require(access.can_read_journal)
    patient = access.patient
    form = None
    if access.can_write_journal:
        form = TimelineEntryForm(
            request.POST or None,
            request.FILES or None,
            allowed_confidentiality=_allowed_confidentiality(access),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.timeline_entry_add(
                    actor=request.user,
                    patient=patient,
                    attachment=data.get("attachment"),
                    kind=data["kind"],
                    occurred_at=data["occurred_at"],
                    title=data["title"],
                    body=data["body"],
                    participants=data["participants"],
                    duration_minutes=data["duration_minutes"],
                    confidentiality=data["confidentiality"],
                    rupture_tag=data["rupture_tag"] or "",
                    request=request,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Entrée ajoutée à la chronologie.")
                return redirect("coordination:timeline", patient.public_id)
    elif request.method == "POST":
        require(False)
    filter_form, data = _filters(request, access)
    page = selectors.timeline(
        patient,
        journal_visibility(access),
        kind=data.get("kind", ""),
        author=data.get("author"),
        since=data.get("since"),
        until=data.get("until"),
        cursor=request.GET.get("apres", ""),
    )
    audit_read(request, access, "chronologie")
    query = request.GET.copy()
    query.pop("apres", None)
    return render_patient(
        request,
        access,
        "chronologie",
        "coordination/timeline.html",
        {
            "form": form,
            "filter_form": filter_form,
            "page": page,
            "filter_query": query.urlencode(),
            "vigilance": selectors.vigilance_notes(patient),
            "vigilance_form": VigilanceForm()
            if access.is_staff and access.can_write_journal
            else None,
        },
    )


@patient_view
@require_POST
def vigilance_add(request, access):
    require(access.is_staff and access.can_write_journal)
    form = VigilanceForm(request.POST)
    if form.is_valid():
        services.vigilance_note_add(
            actor=request.user,
            patient=access.patient,
            text=form.cleaned_data["text"],
            request=request,
        )
        messages.success(request, "Point de vigilance épinglé.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("coordination:timeline", access.patient.public_id)


@patient_view
@require_POST
def vigilance_end(request, access, note_id):
    require(access.is_staff and access.can_write_journal)
    note = get_object_or_404(
        VigilanceNote, patient=access.patient, public_id=note_id, ended_at__isnull=True
    )
    services.vigilance_note_end(actor=request.user, note=note, request=request)
    messages.success(request, "Point de vigilance retiré.")
    return redirect("coordination:timeline", access.patient.public_id)


@patient_view
@require_http_methods(["GET", "POST"])
def thread(request, access):
    require(can_use_thread(access))
    patient = access.patient
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                actor=request.user,
                patient=patient,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
                recipients=thread_participants(patient),
                request=request,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Message envoyé.")
            return redirect("coordination:thread", patient.public_id)
    rows = selectors.attach_message_files(list(selectors.thread(patient)[:100]))
    services.thread_mark_read(user=request.user, patient=patient)
    audit_read(request, access, "messages", count=len(rows))
    return render_patient(
        request, access, "messages", "coordination/thread.html", {"form": form, "thread": rows}
    )
