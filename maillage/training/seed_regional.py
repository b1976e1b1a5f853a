"""`seed_demo --scale regional`: three years of held training events per network with their
slot, registrations (most attended) and satisfaction answers, for the reporting benchmark
(issue 12). Bulk path (one summary audit event). Never run in tests (a smoke test runs it on
a small number of events).
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from maillage.audit import record
from maillage.networks.models import Network
from maillage.patients.seed_regional import bulk_insert
from maillage.training.models import (
    Event,
    EventKind,
    EventSlot,
    Profession,
    Registration,
    RegistrationStatus,
    Satisfaction,
)

EVENTS_PER_NETWORK = 120  # three years, about 40 a year
_KINDS = [k.value for k in EventKind]
_PROFESSIONS = [p.value for p in Profession]


def seed_regional(ctx, per_network: int = EVENTS_PER_NETWORK) -> int:
    if Event.objects.filter(dpc_reference__startswith="BENCH-").exists():
        ctx.log("Formations (régional) : déjà présentes, rien à ajouter.")
        return 0
    rng = ctx.rng
    now = timezone.now()
    attendees = 0
    events_written = 0
    for network in Network.objects.filter(is_active=True).order_by("pk"):
        events, slots, registrations, answers = [], [], [], []
        for n in range(per_network):
            starts = now - datetime.timedelta(days=rng.randint(7, 365 * 3), hours=rng.randint(0, 8))
            event = Event(
                network=network,
                title=f"Formation de mesure {n + 1}",
                theme="Parcours de soins",
                kind=rng.choice(_KINDS),
                address="Salle fictive, Nantes",
                capacity=rng.randint(20, 60),
                dpc_reference=f"BENCH-{network.pk}-{n}",
                status="held",
                published_at=starts - datetime.timedelta(days=30),
                held_at=starts + datetime.timedelta(hours=3),
            )
            events.append(event)
            ends = starts + datetime.timedelta(hours=3)
            slots.append(EventSlot(event=event, starts_at=starts, ends_at=ends))
            for r in range(rng.randint(8, event.capacity)):
                attended = rng.random() < 0.8
                registration = Registration(
                    event=event,
                    first_name="Participant",
                    last_name=f"Fictif {r}",
                    profession=rng.choice(_PROFESSIONS),
                    email=f"participant{r}@bench.invalid",
                    status=RegistrationStatus.REGISTERED,
                    source="public",
                    queued_at=starts - datetime.timedelta(days=10),
                    attended=attended,
                    attendance_recorded_at=event.held_at if attended else None,
                )
                registrations.append(registration)
                if attended and rng.random() < 0.6:
                    answers.append(
                        Satisfaction(
                            registration=registration,
                            overall_rating=rng.randint(3, 5),
                            usefulness=rng.randint(2, 5),
                        )
                    )
        with transaction.atomic():
            bulk_insert(Event, events, with_pk=True)
            bulk_insert(EventSlot, slots)
            bulk_insert(Registration, registrations, with_pk=True)
            bulk_insert(Satisfaction, answers)
        events_written += len(events)
        attendees += sum(1 for r in registrations if r.attended)
    record(
        "training.seed.bulk_created",
        details={"events": events_written, "attendees": attendees, "vendor": connection.vendor},
    )
    ctx.log(f"Formations (régional) : {events_written} événements, {attendees} présents.")
    return events_written
