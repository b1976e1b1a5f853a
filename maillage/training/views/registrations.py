"""Staff pages for registrations, the day itself (attendance, sheet, certificates) and the
satisfaction results."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import staff_required
from maillage.exports.pdf import render_pdf
from maillage.exports.services import Export, deliver
from maillage.training import selectors, services
from maillage.training.forms import RegistrationForm
from maillage.training.models import EventStatus, RegistrationStatus
from maillage.training.permissions import (
    TRAINING_ROLES,
    get_event_for_user,
    get_registration_for_user,
)


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET", "POST"])
def registrations(request, public_id):
    """The list of registrations; its POST records who attended."""
    event = selectors.event_with_details(get_event_for_user(request, public_id))
    if request.method == "POST":
        present = set()
        for value in request.POST.getlist("present"):
            try:
                present.add(uuid.UUID(value))
            except ValueError:
                continue
        try:
            count = services.attendance_record(actor=request.user, event=event, present=present)
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Présences enregistrées : {count} participant·e(s).")
        return redirect("training:registrations", public_id=event.public_id)
    groups = selectors.registrations_for_event(event)
    return render(
        request,
        "training/registrations.html",
        {
            "event": event,
            "groups": groups,
            "can_record_attendance": event.status in (EventStatus.PUBLISHED, EventStatus.HELD),
            "places_left": max(0, event.capacity - len(groups["registered"])),
        },
    )


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET", "POST"])
def registration_add(request, public_id):
    event = get_event_for_user(request, public_id)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                event=event,
                first_name=data["first_name"],
                last_name=data["last_name"],
                profession=data["profession"],
                rpps=data["rpps"],
                structure=data["structure"],
                email=data["email"],
                accept_waiting_list=bool(request.POST.get("waiting_list")),
                actor=request.user,
                request=request,
            )
        except services.EventFull as exc:
            form.add_error(None, str(exc))
            return render(
                request,
                "training/registration_form.html",
                {"event": event, "form": form, "offer_waiting_list": True},
            )
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            if registration.status == RegistrationStatus.WAITING:
                messages.success(request, f"{registration.full_name} : liste d'attente.")
            else:
                messages.success(request, f"{registration.full_name} est inscrit·e.")
            return redirect("training:registrations", public_id=event.public_id)
    return render(request, "training/registration_form.html", {"event": event, "form": form})


@staff_required(*TRAINING_ROLES)
@require_POST
def registration_cancel(request, public_id, registration_id):
    event = get_event_for_user(request, public_id)
    registration = get_registration_for_user(request, event, registration_id)
    try:
        promoted = services.registration_cancel(
            registration=registration, actor=request.user, request=request
        )
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        text = f"Inscription de {registration.full_name} annulée."
        if promoted:
            names = ", ".join(r.full_name for r in promoted)
            text += f" Place attribuée à : {names} (prévenu·e par courriel)."
        messages.success(request, text)
    return redirect("training:registrations", public_id=event.public_id)


def _pdf(request, event, *, template, context, filename, action, rows, target=None):
    content = render_pdf(
        template, {"event": event, "network": event.network, **context}, stamp_user=request.user
    )
    return deliver(
        request,
        Export(
            content=content,
            filename=filename,
            fmt="pdf",
            action=action,
            rows=rows,
            patient_data=False,
            target=target or event,
            filters={"event": str(event.public_id)},
        ),
    )


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET"])
def attendance_sheet(request, public_id):
    event = selectors.event_with_details(get_event_for_user(request, public_id))
    registered = selectors.registrations_for_event(event)["registered"]
    return _pdf(
        request,
        event,
        template="training/pdf/attendance_sheet.html",
        context={"registrations": registered, "slots": list(event.slots.all())},
        filename=f"emargement-{slugify(event.title)[:60]}.pdf",
        action="training.attendance_sheet.exported",
        rows=len(registered),
    )


def _certificates(request, event, people):
    if not people:
        messages.error(
            request,
            "Aucune présence enregistrée : cochez les participant·es présent·es avant "
            "d'éditer les attestations.",
        )
        return redirect("training:registrations", public_id=event.public_id)
    return None


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET"])
def certificates(request, public_id):
    event = selectors.event_with_details(get_event_for_user(request, public_id))
    people = selectors.attendees(event)
    if (refusal := _certificates(request, event, people)) is not None:
        return refusal
    return _pdf(
        request,
        event,
        template="training/pdf/certificates.html",
        context={"registrations": people, "slots": list(event.slots.all())},
        filename=f"attestations-{slugify(event.title)[:60]}.pdf",
        action="training.certificates.exported",
        rows=len(people),
    )


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET"])
def certificate(request, public_id, registration_id):
    event = selectors.event_with_details(get_event_for_user(request, public_id))
    registration = get_registration_for_user(request, event, registration_id)
    people = [registration] if registration.attended else []
    if (refusal := _certificates(request, event, people)) is not None:
        return refusal
    return _pdf(
        request,
        event,
        template="training/pdf/certificates.html",
        context={"registrations": people, "slots": list(event.slots.all())},
        filename=f"attestation-{slugify(registration.full_name)[:60]}.pdf",
        action="training.certificate.exported",
        rows=1,
        target=registration,
    )


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET", "POST"])
def satisfaction(request, public_id):
    event = get_event_for_user(request, public_id)
    if request.method == "POST":
        try:
            sent = services.satisfaction_request(actor=request.user, event=event)
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Questionnaire envoyé à {sent} participant·e(s).")
        return redirect("training:satisfaction", public_id=event.public_id)
    results = selectors.satisfaction_for_event(event)
    return render(
        request,
        "training/satisfaction_results.html",
        {
            "event": event,
            "results": results,
            "comments": Paginator(results["comments"], 20).get_page(request.GET.get("page")),
            "attendees": len(selectors.attendees(event)),
        },
    )


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET"])
def satisfaction_by_theme(request):
    themes = selectors.satisfaction_by_theme(request.network)
    page = Paginator(themes, 50).get_page(request.GET.get("page"))
    return render(request, "training/satisfaction_by_theme.html", {"page_obj": page})
