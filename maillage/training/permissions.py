"""Who may manage events: the network's coordinators, director and network administrator.

Everything else (another role, another network) is a 404. Registrants never log in: they act
through signed links (see tokens.py).
"""

from __future__ import annotations

from django.http import Http404

from maillage.training.models import Event, EventSlot, EventSpeaker, Registration

TRAINING_ROLES = ("coordinator", "director", "network_admin")


def can_manage_events(membership) -> bool:
    return membership is not None and membership.role in TRAINING_ROLES


def events_visible_to(request):
    """The events of the active network, for a member allowed to manage them; else none."""
    if not can_manage_events(getattr(request, "membership", None)):
        return Event.objects.none()
    return Event.objects.filter(network=request.network)


def get_event_for_user(request, public_id) -> Event:
    event = (
        events_visible_to(request)
        .select_related("network", "commune", "created_by")
        .filter(public_id=public_id)
        .first()
    )
    if event is None:
        raise Http404
    return event


def get_registration_for_user(request, event: Event, public_id) -> Registration:
    registration = event.registrations.filter(public_id=public_id).first()
    if registration is None:
        raise Http404
    registration.event = event
    return registration


def get_slot_for_user(event: Event, public_id) -> EventSlot:
    slot = event.slots.filter(public_id=public_id).first()
    if slot is None:
        raise Http404
    slot.event = event
    return slot


def get_speaker_for_user(event: Event, public_id) -> EventSpeaker:
    speaker = event.speakers.filter(public_id=public_id).first()
    if speaker is None:
        raise Http404
    speaker.event = event
    return speaker
