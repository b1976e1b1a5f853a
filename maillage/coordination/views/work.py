"""A staff member's own pages: "Mes tâches", the inbox, the agenda and its .ics download."""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import authenticated_view, staff_required
from maillage.accounts.models import Role
from maillage.audit import record
from maillage.coordination import selectors, services
from maillage.coordination.forms import AppointmentForm, DigestForm, ReassignForm
from maillage.coordination.models import AppointmentKind, DigestPreference
from maillage.exports.formats import CalendarEvent, ics_bytes
from maillage.exports.services import Export, deliver
from maillage.patients.locking import StaleEdit
from maillage.patients.models import Task
from maillage.patients.permissions import patients_visible_to

TASK_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)
AGENDA_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD)


@staff_required(*TASK_ROLES)
@require_http_methods(["GET"])
def my_tasks(request):
    buckets = selectors.my_tasks(request.user, request.network)
    team = ReassignForm(network=request.network).fields["assignee"].queryset
    # The colleagues' <option>s are built once and repeated on every task (not re-rendered).
    options = format_html_join(
        "",
        '<option value="{}">{}</option>',
        ((u.public_id, u.full_name) for u in team.only("public_id", "first_name", "last_name")),
    )
    return render(request, "coordination/my_tasks.html", {**buckets, "assignee_options": options})


def _own_task(request, task_id) -> Task:
    return get_object_or_404(
        Task, network=request.network, assignee=request.user, public_id=task_id
    )


@staff_required(*TASK_ROLES)
@require_POST
def task_complete(request, task_id):
    task = _own_task(request, task_id)
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = 0
    try:
        services.task_done(actor=request.user, task=task, expected_version=version, request=request)
    except StaleEdit:
        messages.error(request, "Cette tâche a été modifiée entre-temps : vérifiez-la.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Tâche marquée comme faite.")
    return redirect("coordination:my_tasks")


@staff_required(*TASK_ROLES)
@require_POST
def task_reassign(request, task_id):
    task = _own_task(request, task_id)
    form = ReassignForm(request.POST, network=request.network)
    if not form.is_valid():
        messages.error(
            request,
            "« Confier à » : choisissez une personne de l'équipe du réseau. "
            "La tâche n'a pas changé.",
        )
        return redirect("coordination:my_tasks")
    try:
        services.task_reassign(
            actor=request.user, task=task, assignee=form.cleaned_data["assignee"], request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Tâche confiée.")
    return redirect("coordination:my_tasks")


@authenticated_view
@require_http_methods(["GET", "POST"])
def inbox(request):
    user = request.user
    network = getattr(request, "network", None)
    if request.method == "POST":
        if request.POST.get("action") == "digest":
            form = DigestForm(request.POST)
            if form.is_valid():
                DigestPreference.objects.update_or_create(
                    user=user, defaults={"email_digest": form.cleaned_data["email_digest"]}
                )
                messages.success(request, "Préférence enregistrée.")
        else:
            services.notifications_mark_read(user=user)
            messages.success(request, "Notifications marquées comme lues.")
        return redirect("coordination:inbox")
    page = Paginator(selectors.inbox(user, network), 30).get_page(request.GET.get("page"))
    visible = patients_visible_to(user, network, getattr(request, "membership", None))
    threads = list(selectors.unread_threads(user, visible)[:30])
    pref = DigestPreference.objects.filter(user=user).first()
    return render(
        request,
        "coordination/inbox.html",
        {
            "page_obj": page,
            "unread": selectors.unread_count(user),
            "threads": threads,
            "digest_form": DigestForm(initial={"email_digest": bool(pref and pref.email_digest)}),
        },
    )


@authenticated_view
@require_http_methods(["GET"])
def open_notification(request, notification_id):
    notification = get_object_or_404(request.user.notifications, public_id=notification_id)
    services.notifications_mark_read(user=request.user, ids=[notification.public_id])
    return redirect(notification.link or reverse("coordination:inbox"))


def _start(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("jour", ""))
    except ValueError:
        return timezone.localdate()


def _agenda_patient(request, public_id):
    """The patient an appointment is about (from the record's "plan a visit" link or the form's
    hidden field): one the user may see in the active network, or 404."""
    if not public_id:
        return None
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    patient = (
        patients_visible_to(request.user, request.network, request.membership)
        .filter(public_id=key)
        .first()
    )
    if patient is None:
        raise Http404
    return patient


@staff_required(*AGENDA_ROLES)
@require_http_methods(["GET", "POST"])
def agenda(request):
    view = "semaine" if request.GET.get("vue") == "semaine" else "jour"
    start = _start(request)
    if view == "semaine":
        start -= datetime.timedelta(days=start.weekday())
    days = 7 if view == "semaine" else 1
    about = _agenda_patient(request, request.GET.get("patient", ""))
    form = AppointmentForm(
        request.POST or None, initial={"patient": about.public_id} if about else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        patient = _agenda_patient(request, data.get("patient") or "")
        try:
            services.appointment_create(
                actor=request.user,
                network=request.network,
                kind=data["kind"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                patient=patient,
                place=data["place"],
                note=data["note"],
                request=request,
            )
        except ValidationError as exc:
            from maillage.patients.forms import apply_service_errors

            apply_service_errors(form, exc)
        else:
            messages.success(request, "Rendez-vous ajouté à l'agenda.")
            return redirect(f"{reverse('coordination:agenda')}?vue={view}&jour={start.isoformat()}")
    rows = selectors.agenda(request.user, request.network, start, days)
    grid = [{"day": start + datetime.timedelta(days=i), "items": []} for i in range(days)]
    for item in rows:
        index = (timezone.localtime(item.starts_at).date() - start).days
        if 0 <= index < days:
            grid[index]["items"].append(item)
    step = datetime.timedelta(days=days)
    shown = {item.patient.public_id for item in rows if item.patient_id}
    if about is not None:
        shown.add(about.public_id)
    if shown:  # names of followed patients are on the page
        record(
            "coordination.agenda.viewed",
            actor=request.user,
            request=request,
            network=request.network,
            details={"patients": sorted(str(p) for p in shown)},
        )
    return render(
        request,
        "coordination/agenda.html",
        {
            "view": view,
            "start": start,
            "grid": grid,
            "previous": (start - step).isoformat(),
            "next": (start + step).isoformat(),
            "form": form,
            "about": about,
        },
    )


_NEUTRAL_SUMMARY = {
    AppointmentKind.APPOINTMENT: "Rendez-vous",
    AppointmentKind.HOME_VISIT: "Visite",
    AppointmentKind.OFFICE_VISIT: "Entretien",
    AppointmentKind.MEETING: "Réunion",
}


@staff_required(*AGENDA_ROLES)
@require_http_methods(["GET"])
def agenda_ics(request):
    """The next 8 weeks as iCalendar: neutral titles only, no patient, place or note."""
    start = timezone.localdate() - datetime.timedelta(days=7)
    rows = selectors.agenda(request.user, request.network, start, 63)
    events = [
        CalendarEvent(
            uid=f"{item.public_id}@maillage",
            start=item.starts_at,
            end=item.ends_at,
            summary=_NEUTRAL_SUMMARY.get(item.kind, "Rendez-vous"),
        )
        for item in rows
    ]
    content, count = ics_bytes(events, calendar_name="Maillage")
    return deliver(
        request,
        Export(
            content=content,
            filename="agenda-maillage.ics",
            fmt="ics",
            action="coordination.agenda.exported",
            rows=count,
            patient_data=False,
        ),
    )
