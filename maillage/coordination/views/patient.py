"""The patient's timeline (over the journal core), vigilance notes and the care team's thread."""

from __future__ import annotations

from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.coordination import selectors, services
from maillage.coordination.forms import (
    MessageForm,
    TimelineEntryForm,
    TimelineFilterForm,
    VigilanceForm,
)
from maillage.coordination.models import VigilanceNote
from maillage.coordination.permissions import can_use_thread, thread_participants
from maillage.coordination.views.work import AGENDA_ROLES
from maillage.core.navigation import url_of
from maillage.patients.forms import apply_service_errors
from maillage.patients.models import Confidentiality, JournalKind, RuptureTag
from maillage.patients.permissions import journal_visibility, require
from maillage.patients.views.base import audit_read, patient_view, render_patient
from maillage.patients.views.journal import _allowed_confidentiality


def _filters(request, access):
    """The filter form (validation only) and the authors to offer, in one query; the template
    writes the few fields by hand (no widget rendering on the hottest page of the app)."""
    authors = selectors.timeline_authors(access.patient, access)
    if not request.GET:  # nothing to validate: no form built (None)
        return None, {}, authors
    form = TimelineFilterForm(request.GET, authors=authors)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data, authors


def _entry_form(request, access) -> TimelineEntryForm:
    return TimelineEntryForm(
        request.POST or None,
        request.FILES or None,
        allowed_confidentiality=_allowed_confidentiality(access),
    )


_KIND_LABELS = dict(JournalKind.choices)
_CONFIDENTIALITY_LABELS = dict(Confidentiality.choices)
_RUPTURE_LABELS = dict(RuptureTag.choices)


def _entries_html(entries) -> str:
    """The timeline's rows, written here rather than by a template loop (the hottest page of the
    app: 50 rows × a dozen variables). The markup is the one `coordination/timeline.html` used
    to loop over, byte for byte, escaping included (tests/test_timeline_html.py): every value
    goes through html.escape, which is what the template engine's escaping runs on a str, and
    the body through the template's own linebreaksbr."""
    tz = timezone.get_current_timezone()
    parts = []
    for entry in entries:
        title = f" : {escape(entry.title)}" if entry.title else ""
        duration = f" · {entry.duration_minutes} min" if entry.duration_minutes else ""
        rupture = (
            f' <span class="badge badge-alert">'
            f"{escape(_RUPTURE_LABELS.get(entry.rupture_tag, entry.rupture_tag))}</span>"
            # The choices name "" too ("Aucune"): no badge without a tag.
            if entry.rupture_tag
            else ""
        )
        participants = (
            f'<p class="muted">Participants : {escape(entry.participants)}</p>'
            if entry.participants
            else ""
        )
        files = "".join(
            f'<p><a href="{escape(url_of("files:download", f.public_id))}">'
            f"Pièce jointe : {escape(f.original_name)}</a></p>"
            for f in entry.attachments
        )
        author = escape(entry.author.full_name) if entry.author_id else "automatique"
        body = linebreaksbr(entry.body, autoescape=True)
        parts.append(
            f'\n<article class="journal-entry" data-kind="{escape(entry.kind)}">\n'
            f"  <header><strong>{entry.occurred_at.astimezone(tz):%d/%m/%Y %H:%M} — "
            f"{escape(_KIND_LABELS.get(entry.kind, entry.kind))}{title}</strong>\n"
            f'    <small class="muted">· {author} · '
            f"{escape(_CONFIDENTIALITY_LABELS.get(entry.confidentiality, ''))}{duration}</small>"
            f"{rupture}</header>\n"
            f'  <p class="body">{body}</p>\n'
            f"  {participants}\n"
            f"  {files}\n"
            f"</article>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


@patient_view
@require_http_methods(["GET", "POST"])
def timeline(request, access):
    require(access.can_read_journal)
    patient = access.patient
    form = None
    if request.method == "POST":
        require(access.can_write_journal)
        form = _entry_form(request, access)
        if form.is_valid():
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
    elif access.can_write_journal and request.GET.get("ajouter"):
        # Without JavaScript the "add" button is a link to the page with the form open.
        form = _entry_form(request, access)
    filter_form, data, authors = _filters(request, access)
    page = selectors.timeline(
        patient,
        journal_visibility(access),
        kind=data.get("kind", ""),
        author=data.get("author"),
        since=data.get("since"),
        until=data.get("until"),
        cursor=request.GET.get("apres", ""),
        authors={user.pk: user for user in authors},
        access=access,
    )
    audit_read(request, access, "chronologie")
    query = request.GET.copy()
    query.pop("apres", None)
    query.pop("ajouter", None)
    return render_patient(
        request,
        access,
        "chronologie",
        "coordination/timeline.html",
        {
            "form": form,
            "can_add": access.can_write_journal,
            "filter_form": filter_form,
            "filter_errors": [e for errors in filter_form.errors.values() for e in errors]
            if filter_form is not None
            else [],
            "chosen": data,
            "kinds": JournalKind.choices,
            "authors": authors,
            "page": page,
            "entries_html": _entries_html(page.entries),
            "filter_query": query.urlencode(),
            "can_pin": access.is_staff and access.can_write_journal,
            "can_plan": access.is_staff and access.role in AGENDA_ROLES,
            "vigilance_notes": selectors.vigilance_notes(patient),
        },
    )


@patient_view
@require_GET
def timeline_form(request, access):
    """The "add an entry" form, fetched by htmx when asked for (the timeline itself renders no
    form widget)."""
    require(access.can_write_journal)
    return render(
        request,
        "coordination/_entry_form.html",
        {"form": _entry_form(request, access), "patient": access.patient},
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
