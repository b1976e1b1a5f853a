"""Staff pages to prepare, publish, cancel and close events."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import staff_required
from maillage.training import selectors, services
from maillage.training.forms import CancelEventForm, EventForm, SlotForm, SpeakerForm
from maillage.training.models import EventStatus
from maillage.training.permissions import (
    TRAINING_ROLES,
    events_visible_to,
    get_event_for_user,
    get_slot_for_user,
    get_speaker_for_user,
)

PERIODS = {"upcoming": "À venir", "past": "Passés", "all": "Tous"}


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET"])
def event_list(request):
    period = request.GET.get("periode", "upcoming")
    period = period if period in PERIODS else "upcoming"
    status = request.GET.get("statut", "")
    status = status if status in EventStatus.values else ""
    events = selectors.event_list(events_visible_to(request), period=period, status=status)
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    query = f"periode={period}&statut={status}&"
    return render(
        request,
        "training/event_list.html",
        {
            "page_obj": page,
            "period": period,
            "periods": PERIODS,
            "status": status,
            "statuses": EventStatus.choices,
            "querystring_prefix": query,
        },
    )


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET", "POST"])
def event_create(request):
    form = EventForm(request.POST or None, network=request.network)
    if request.method == "POST" and form.is_valid():
        event = services.event_create(
            actor=request.user,
            network=request.network,
            data=form.service_data(),
            thematics=form.cleaned_data["thematics"],
        )
        messages.success(request, "Brouillon enregistré. Ajoutez les créneaux puis publiez.")
        return redirect("training:event_detail", public_id=event.public_id)
    return render(request, "training/event_form.html", {"form": form, "event": None})


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET"])
def event_detail(request, public_id):
    event = selectors.event_with_details(get_event_for_user(request, public_id))
    return render(
        request,
        "training/event_detail.html",
        {
            "event": event,
            "slot_form": SlotForm(),
            "speaker_form": SpeakerForm(),
            "places_left": max(0, event.capacity - event.registered_count),
        },
    )


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET", "POST"])
def event_edit(request, public_id):
    event = get_event_for_user(request, public_id)
    form = EventForm(request.POST or None, instance=event, network=request.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user,
                event=event,
                data=form.service_data(),
                thematics=form.cleaned_data["thematics"],
            )
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Événement mis à jour.")
            return redirect("training:event_detail", public_id=event.public_id)
    return render(request, "training/event_form.html", {"form": form, "event": event})


def _detail_with_errors(request, event, *, slot_form=None, speaker_form=None):
    event = selectors.event_with_details(event)
    return render(
        request,
        "training/event_detail.html",
        {
            "event": event,
            "slot_form": slot_form or SlotForm(),
            "speaker_form": speaker_form or SpeakerForm(),
            "places_left": max(0, event.capacity - event.registered_count),
        },
        status=400,
    )


@staff_required(*TRAINING_ROLES)
@require_POST
def slot_add(request, public_id):
    event = get_event_for_user(request, public_id)
    form = SlotForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, event, slot_form=form)
    try:
        services.event_slot_add(
            actor=request.user,
            event=event,
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            label=form.cleaned_data["label"],
        )
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Créneau ajouté.")
    return redirect("training:event_detail", public_id=event.public_id)


@staff_required(*TRAINING_ROLES)
@require_POST
def slot_remove(request, public_id, slot_id):
    event = get_event_for_user(request, public_id)
    slot = get_slot_for_user(event, slot_id)
    try:
        services.event_slot_remove(actor=request.user, slot=slot)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Créneau supprimé.")
    return redirect("training:event_detail", public_id=event.public_id)


@staff_required(*TRAINING_ROLES)
@require_POST
def speaker_add(request, public_id):
    event = get_event_for_user(request, public_id)
    form = SpeakerForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, event, speaker_form=form)
    services.event_speaker_add(
        actor=request.user,
        event=event,
        professional=form.cleaned_data["professional"],
        name=form.cleaned_data["name"],
        role=form.cleaned_data["role"],
    )
    messages.success(request, "Intervenant·e ajouté·e.")
    return redirect("training:event_detail", public_id=event.public_id)


@staff_required(*TRAINING_ROLES)
@require_POST
def speaker_remove(request, public_id, speaker_id):
    event = get_event_for_user(request, public_id)
    services.event_speaker_remove(
        actor=request.user, speaker=get_speaker_for_user(event, speaker_id)
    )
    messages.success(request, "Intervenant·e retiré·e.")
    return redirect("training:event_detail", public_id=event.public_id)


def _transition(request, public_id, service, success: str, **kwargs):
    event = get_event_for_user(request, public_id)
    try:
        service(actor=request.user, event=event, **kwargs)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("training:event_detail", public_id=event.public_id)


@staff_required(*TRAINING_ROLES)
@require_POST
def event_publish(request, public_id):
    return _transition(
        request,
        public_id,
        services.event_publish,
        "Événement publié : il apparaît sur le site public et les inscriptions sont ouvertes.",
    )


@staff_required(*TRAINING_ROLES)
@require_POST
def event_mark_held(request, public_id):
    return _transition(
        request,
        public_id,
        services.event_mark_held,
        "Événement marqué comme tenu. Vous pouvez envoyer le questionnaire de satisfaction.",
    )


@staff_required(*TRAINING_ROLES)
@require_http_methods(["GET", "POST"])
def event_cancel(request, public_id):
    event = get_event_for_user(request, public_id)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notified = services.event_cancel(
                actor=request.user, event=event, reason=form.cleaned_data["reason"]
            )
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Événement annulé ; {notified} personne(s) prévenue(s) par courriel."
            )
        return redirect("training:event_detail", public_id=event.public_id)
    return render(request, "training/event_cancel.html", {"event": event, "form": form})
