"""Scheduled work of the training app (run by `run_scheduled`)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from maillage.tasks.schedule import register
from maillage.training import services
from maillage.training.models import Event, EventStatus

SATISFACTION_DELAY = timedelta(hours=12)


@register("training.close_held_events", every_minutes=60)
def close_held_events() -> int:
    """An event whose last slot ended 12 hours ago and whose attendance was recorded is marked
    as held, and its attendees receive the satisfaction form. Returns how many were closed."""
    ended_before = timezone.now() - SATISFACTION_DELAY
    events = (
        Event.objects.filter(
            status=EventStatus.PUBLISHED, registrations__attendance_recorded_at__isnull=False
        )
        .annotate(last_end=Max("slots__ends_at"))
        .filter(last_end__lt=ended_before)
        .distinct()
    )
    closed = 0
    for event in events:
        services.event_mark_held(actor=None, event=event)
        services.satisfaction_request(actor=None, event=event)
        closed += 1
    return closed
