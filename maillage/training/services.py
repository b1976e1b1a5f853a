"""Writes on events and registrations: atomic, audited.

Capacity is never exceeded: every service that changes who holds a place locks the event row
(`select_for_update`, PostgreSQL) before counting. On SQLite, transactions start IMMEDIATE
(settings), which serialises writers the same way.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit import record
from maillage.training import emails
from maillage.training.models import (
    Event,
    EventSlot,
    EventSpeaker,
    EventStatus,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    Satisfaction,
)

EVENT_FIELDS = [
    "title",
    "theme",
    "kind",
    "summary",
    "programme",
    "address",
    "commune",
    "video_url",
    "capacity",
    "target_professions",
    "dpc_reference",
]


class TrainingError(Exception):
    """A refusal with a French message for the user (`str(exc)`)."""

    code = "refused"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        if code:
            self.code = code


class AlreadyRegistered(TrainingError):
    code = "duplicate"


class EventFull(TrainingError):
    code = "full"


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("network").get(pk=event.pk)


def first_start(event: Event):
    slot = event.slots.order_by("starts_at").first()
    return slot.starts_at if slot else None


# Events --------------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, actor, network, data: dict, thematics=()) -> Event:
    event = Event(network=network, created_by=actor, status=EventStatus.DRAFT)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    event.save()
    event.thematics.set(thematics)
    record("training.event.created", actor=actor, network=network, target=event)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: dict, thematics=None) -> Event:
    event = _lock(event)
    if event.status in (EventStatus.CANCELLED, EventStatus.HELD):
        raise TrainingError("Un événement annulé ou tenu ne se modifie plus.")
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    if data.get("capacity") is not None and data["capacity"] < taken:
        raise TrainingError(
            f"Nombre de places : {taken} personnes sont déjà inscrites, la capacité ne peut "
            "pas être inférieure."
        )
    changed = []
    for name in EVENT_FIELDS:
        if name in data and getattr(event, name) != data[name]:
            setattr(event, name, data[name])
            changed.append(name)
    if event.status != EventStatus.DRAFT and not (event.address or event.video_url):
        raise TrainingError("Indiquez une adresse ou un lien de visioconférence.")
    event.save()
    if thematics is not None:
        event.thematics.set(thematics)
    record(
        "training.event.updated",
        actor=actor,
        network=event.network,
        target=event,
        details={"fields": changed},
    )
    if "capacity" in changed and event.status == EventStatus.PUBLISHED:
        _promote_waiting(event, actor=actor)
    return event


@transaction.atomic
def event_slot_add(*, actor, event: Event, starts_at, ends_at, label: str = "") -> EventSlot:
    if event.status in (EventStatus.CANCELLED, EventStatus.HELD):
        raise TrainingError("Un événement annulé ou tenu ne se modifie plus.")
    if ends_at <= starts_at:
        raise TrainingError("Heure de fin : elle doit être postérieure à l'heure de début.")
    slot = EventSlot.objects.create(event=event, starts_at=starts_at, ends_at=ends_at, label=label)
    record(
        "training.slot.added",
        actor=actor,
        network=event.network,
        target=slot,
        details={"event": str(event.public_id)},
    )
    return slot


@transaction.atomic
def event_slot_remove(*, actor, slot: EventSlot) -> None:
    event = slot.event
    if event.status != EventStatus.DRAFT and event.slots.count() <= 1:
        raise TrainingError("Un événement publié garde au moins un créneau.")
    record(
        "training.slot.removed",
        actor=actor,
        network=event.network,
        target=slot,
        details={"event": str(event.public_id)},
    )
    slot.delete()


@transaction.atomic
def event_speaker_add(
    *, actor, event: Event, professional=None, name: str = "", role: str = ""
) -> EventSpeaker:
    speaker = EventSpeaker.objects.create(
        event=event, professional=professional, name=name if professional is None else "", role=role
    )
    record(
        "training.speaker.added",
        actor=actor,
        network=event.network,
        target=speaker,
        details={"event": str(event.public_id), "from_directory": professional is not None},
    )
    return speaker


@transaction.atomic
def event_speaker_remove(*, actor, speaker: EventSpeaker) -> None:
    record(
        "training.speaker.removed",
        actor=actor,
        network=speaker.event.network,
        target=speaker,
        details={"event": str(speaker.event.public_id)},
    )
    speaker.delete()


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    event = _lock(event)
    if event.status != EventStatus.DRAFT:
        raise TrainingError("Seul un brouillon peut être publié.")
    start = first_start(event)
    if start is None:
        raise TrainingError("Ajoutez au moins un créneau (date et heures) avant de publier.")
    if start <= timezone.now():
        raise TrainingError("Le premier créneau est passé : corrigez les dates avant de publier.")
    if not (event.address or event.video_url):
        raise TrainingError("Indiquez une adresse ou un lien de visioconférence avant de publier.")
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    record("training.event.published", actor=actor, network=event.network, target=event)
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str = "") -> int:
    """Cancels the event and tells every registered or waiting person. Returns how many."""
    event = _lock(event)
    if event.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
        raise TrainingError("Cet événement est déjà annulé ou tenu.")
    event.status = EventStatus.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancel_reason = reason
    event.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    live = list(event.registrations.exclude(status=RegistrationStatus.CANCELLED))
    for registration in live:
        registration.event = event
        emails.send_event_cancelled(registration)
    record(
        "training.event.cancelled",
        actor=actor,
        network=event.network,
        target=event,
        details={"notified": len(live)},
    )
    return len(live)


@transaction.atomic
def event_mark_held(*, actor, event: Event) -> Event:
    event = _lock(event)
    if event.status != EventStatus.PUBLISHED:
        raise TrainingError("Seul un événement publié peut être marqué comme tenu.")
    start = first_start(event)
    if start is None or start > timezone.now():
        raise TrainingError("L'événement n'a pas encore commencé.")
    event.status = EventStatus.HELD
    event.held_at = timezone.now()
    event.save(update_fields=["status", "held_at", "updated_at"])
    record("training.event.held", actor=actor, network=event.network, target=event)
    return event


# Registrations ----------------------------------------------------------------------------------


def _check_open(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise TrainingError("Cet événement a été annulé : les inscriptions sont fermées.", "closed")
    if event.status != EventStatus.PUBLISHED:
        raise TrainingError("Les inscriptions à cet événement sont fermées.", "closed")
    start = first_start(event)
    if start is None or start <= timezone.now():
        raise TrainingError(
            "Les inscriptions sont closes : cet événement a déjà commencé ou est passé.", "past"
        )


def registration_create(
    *,
    event: Event,
    first_name: str,
    last_name: str,
    profession: str,
    email: str,
    rpps: str = "",
    structure: str = "",
    accept_waiting_list: bool = False,
    actor=None,
    request=None,
) -> Registration:
    """Registers someone, or puts them on the waiting list when the event is full and they
    accepted it. Raises AlreadyRegistered, EventFull or TrainingError (closed, past)."""
    email = email.strip().lower()
    with transaction.atomic():
        event = _lock(event)
        _check_open(event)
        live = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        if live.filter(email=email).exists():
            raise AlreadyRegistered(
                "Cette adresse électronique est déjà inscrite à cet événement : inutile de "
                "recommencer. Retrouvez le courriel de confirmation pour gérer votre inscription."
            )
        taken = live.filter(status=RegistrationStatus.REGISTERED).count()
        if taken < event.capacity:
            status = RegistrationStatus.REGISTERED
        elif accept_waiting_list:
            status = RegistrationStatus.WAITING
        else:
            raise EventFull(
                "L'événement est complet. Vous pouvez vous inscrire sur la liste d'attente : "
                "une place libérée vous sera attribuée dans l'ordre d'arrivée."
            )
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    profession=profession,
                    rpps=rpps,
                    structure=structure.strip(),
                    email=email,
                    status=status,
                    source=RegistrationSource.STAFF if actor else RegistrationSource.PUBLIC,
                    registered_by=actor,
                )
        except IntegrityError:
            raise AlreadyRegistered(
                "Cette adresse électronique est déjà inscrite à cet événement."
            ) from None
        record(
            "training.registration.created",
            actor=actor,
            request=request,
            network=event.network,
            target=registration,
            details={
                "event": str(event.public_id),
                "status": status,
                "source": registration.source,
            },
        )
        emails.send_registration_confirmation(registration)
    return registration


def _promote_waiting(event: Event, *, actor=None) -> list[Registration]:
    """Gives free places to the waiting list, in order of arrival (event row already locked)."""
    promoted = []
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    free = event.capacity - taken
    if free <= 0:
        return promoted
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "queued_at", "id"
    )[:free]
    for registration in waiting:
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        record(
            "training.registration.promoted",
            actor=actor,
            network=event.network,
            target=registration,
            details={"event": str(event.public_id)},
        )
        registration.event = event
        emails.send_promotion(registration)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor=None, request=None
) -> list[Registration]:
    """Cancels a registration (the person through the signed link, or staff). A freed place goes
    to the next person waiting, who is told by email. Returns the promoted registrations."""
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise TrainingError("Cette inscription est déjà annulée.", "already_cancelled")
    if event.status in (EventStatus.CANCELLED, EventStatus.HELD):
        raise TrainingError("Cet événement est annulé ou terminé : rien à annuler.", "closed")
    if actor is None:
        start = first_start(event)
        if start is not None and start <= timezone.now():
            raise TrainingError(
                "L'événement a commencé : l'inscription ne peut plus être annulée en ligne. "
                "Prévenez directement l'équipe du réseau.",
                "past",
            )
    freed_a_place = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    record(
        "training.registration.cancelled",
        actor=actor,
        request=request,
        network=event.network,
        target=registration,
        details={"event": str(event.public_id), "by": "staff" if actor else "registrant"},
    )
    registration.event = event
    emails.send_cancellation_confirmation(registration)
    if freed_a_place and event.status == EventStatus.PUBLISHED:
        return _promote_waiting(event, actor=actor)
    return []


@transaction.atomic
def attendance_record(*, actor, event: Event, present: set) -> int:
    """Records who attended (public ids of registrations in `present`). Returns the count."""
    event = _lock(event)
    if event.status not in (EventStatus.PUBLISHED, EventStatus.HELD):
        raise TrainingError("La présence se note pour un événement publié ou tenu.")
    now = timezone.now()
    count = 0
    for registration in event.registrations.filter(status=RegistrationStatus.REGISTERED):
        attended = registration.public_id in present
        count += attended
        if attended != registration.attended or registration.attendance_recorded_at is None:
            registration.attended = attended
            registration.attendance_recorded_at = now
            registration.save(update_fields=["attended", "attendance_recorded_at", "updated_at"])
    record(
        "training.attendance.recorded",
        actor=actor,
        network=event.network,
        target=event,
        details={"present": count},
    )
    return count


# Satisfaction --------------------------------------------------------------------------------


@transaction.atomic
def satisfaction_request(*, actor, event: Event) -> int:
    """Sends the satisfaction form to every attendee not asked yet. Returns how many."""
    event = _lock(event)
    if event.status != EventStatus.HELD:
        raise TrainingError("Le questionnaire s'envoie une fois l'événement marqué comme tenu.")
    now = timezone.now()
    attendees = list(
        event.registrations.filter(
            status=RegistrationStatus.REGISTERED, attended=True, satisfaction_requested_at=None
        )
    )
    for registration in attendees:
        registration.satisfaction_requested_at = now
        registration.save(update_fields=["satisfaction_requested_at", "updated_at"])
        registration.event = event
        emails.send_satisfaction_request(registration)
    event.satisfaction_sent_at = now
    event.save(update_fields=["satisfaction_sent_at", "updated_at"])
    record(
        "training.satisfaction.requested",
        actor=actor,
        network=event.network,
        target=event,
        details={"sent": len(attendees)},
    )
    return len(attendees)


def satisfaction_submit(
    *, registration: Registration, overall_rating: int, usefulness: int, comment: str = ""
) -> Satisfaction:
    if not registration.attended or registration.event.status != EventStatus.HELD:
        raise TrainingError("Ce questionnaire est réservé aux participant·es de l'événement.")
    try:
        with transaction.atomic():
            satisfaction = Satisfaction.objects.create(
                registration=registration,
                overall_rating=overall_rating,
                usefulness=usefulness,
                comment=comment.strip(),
            )
            record(
                "training.satisfaction.submitted",
                network=registration.event.network,
                target=satisfaction,
                details={"event": str(registration.event.public_id)},
            )
    except IntegrityError:
        raise TrainingError(
            "Vous avez déjà répondu à ce questionnaire : merci !", "duplicate"
        ) from None
    return satisfaction
