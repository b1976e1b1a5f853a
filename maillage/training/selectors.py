"""Reads on events, registrations and satisfaction results."""

from __future__ import annotations

from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.core.prepared import Param, PreparedAggregate
from maillage.training.models import (
    Event,
    EventSlot,
    EventSpeaker,
    EventStatus,
    Registration,
    RegistrationStatus,
    Satisfaction,
)


def with_counts(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        first_start=Min("slots__starts_at"),
        last_end=Max("slots__ends_at"),
        registered_count=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.REGISTERED),
            distinct=True,
        ),
        waiting_count=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITING),
            distinct=True,
        ),
    )


def event_list(queryset: QuerySet, *, period: str = "upcoming", status: str = "") -> QuerySet:
    """`queryset`: the events the user may see (permissions.events_visible_to)."""
    now = timezone.now()
    events = with_counts(queryset.select_related("commune"))
    if status:
        events = events.filter(status=status)
    if period == "upcoming":
        events = events.filter(Q(last_end__gte=now) | Q(last_end__isnull=True)).order_by(
            "first_start", "title"
        )
    elif period == "past":
        events = events.filter(last_end__lt=now).order_by("-first_start")
    else:
        events = events.order_by("-first_start")
    return events


def event_detail_prefetch(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch("slots", queryset=EventSlot.objects.order_by("starts_at")),
        Prefetch("speakers", queryset=EventSpeaker.objects.select_related("professional")),
        "thematics",
    )


def event_with_details(event: Event) -> Event:
    return with_counts(event_detail_prefetch(Event.objects.filter(pk=event.pk))).select_related(
        "network", "commune", "created_by"
    )[0]


def registrations_for_event(event: Event) -> dict[str, list[Registration]]:
    rows = list(event.registrations.order_by("last_name", "first_name", "queued_at"))
    return {
        "registered": [r for r in rows if r.status == RegistrationStatus.REGISTERED],
        "waiting": sorted(
            (r for r in rows if r.status == RegistrationStatus.WAITING),
            key=lambda r: (r.queued_at, r.pk),
        ),
        "cancelled": [r for r in rows if r.status == RegistrationStatus.CANCELLED],
    }


def attendees(event: Event) -> list[Registration]:
    return list(
        event.registrations.filter(status=RegistrationStatus.REGISTERED, attended=True).order_by(
            "last_name", "first_name"
        )
    )


def places_left(event: Event) -> int:
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    return max(0, event.capacity - taken)


def public_events(network, *, upcoming_only: bool = True) -> QuerySet:
    """What the public site shows: published events (upcoming), never drafts."""
    events = event_detail_prefetch(
        with_counts(
            Event.objects.filter(network=network, status=EventStatus.PUBLISHED).select_related(
                "commune"
            )
        )
    )
    if upcoming_only:
        events = events.filter(first_start__gt=timezone.now())
    return events.order_by("first_start", "title")


def public_event_get(network, public_id) -> Event | None:
    """A published, cancelled or held event of the network (drafts stay private)."""
    return event_detail_prefetch(
        with_counts(
            Event.objects.filter(
                network=network,
                public_id=public_id,
                status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.HELD],
            ).select_related("network", "commune")
        )
    ).first()


def registration_by_public_id(public_id: str) -> Registration | None:
    return (
        Registration.objects.select_related("event", "event__network", "event__commune")
        .filter(public_id=public_id)
        .first()
    )


def satisfaction_for_event(event: Event) -> dict:
    answers = Satisfaction.objects.filter(registration__event=event)
    summary = answers.aggregate(
        count=Count("id"), overall=Avg("overall_rating"), usefulness=Avg("usefulness")
    )
    summary["comments"] = (
        answers.exclude(comment="").order_by("-created_at").values_list("comment", flat=True)
    )
    summary["requested"] = event.registrations.exclude(satisfaction_requested_at=None).count()
    return summary


def satisfaction_by_theme(network) -> QuerySet:
    return (
        Satisfaction.objects.filter(registration__event__network=network)
        .values("registration__event__theme")
        .annotate(
            events=Count("registration__event", distinct=True),
            count=Count("id"),
            overall=Avg("overall_rating"),
            usefulness=Avg("usefulness"),
        )
        .order_by("registration__event__theme")
    )


def _dashboard_counts_query():
    """Events whose first slot is still to come: a slot after `now` and none before (what
    MIN(slot start) > now says, without grouping, so that the counts are one plain aggregate)."""
    now = Param("now", EventSlot, "starts_at")
    slots = EventSlot.objects.filter(event=OuterRef("pk"))
    return (
        Event.objects.filter(
            Exists(slots.filter(starts_at__gt=now)),
            ~Exists(slots.filter(starts_at__lte=now)),
            network_id=Param("network", Event, "network"),
            status=EventStatus.PUBLISHED,
        ),
        {
            "upcoming_events": Count("id", distinct=True),
            "registered": Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                distinct=True,
            ),
            "waiting": Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITING),
                distinct=True,
            ),
        },
    )


# On the dashboard of those who manage events: compiled once (maillage.core.prepared).
_DASHBOARD_COUNTS = PreparedAggregate(_dashboard_counts_query)


def dashboard_counts(network) -> dict:
    """Upcoming published events and their registrations, in one query."""
    totals = _DASHBOARD_COUNTS.get(network=network.pk, now=timezone.now())
    return {name: value or 0 for name, value in totals.items()}
