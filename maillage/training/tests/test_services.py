from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.training import services
from maillage.training.models import EventStatus, Profession, Registration, RegistrationStatus
from maillage.training.tests.factories import (
    EventFactory,
    EventSlotFactory,
    RegistrationFactory,
    published_event,
)

pytestmark = pytest.mark.django_db


def register(event, email, **kwargs):
    return services.registration_create(
        event=event,
        first_name="Jeanne",
        last_name="Martin",
        profession=Profession.NURSE,
        email=email,
        **kwargs,
    )


def test_it_registers_and_sends_a_confirmation_with_an_invitation(network):
    event = published_event(network, capacity=2)
    registration = register(event, "Jeanne.Martin@Exemple.fr")
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.email == "jeanne.martin@exemple.fr"
    [message] = mail.outbox
    assert message.to == ["jeanne.martin@exemple.fr"]
    assert "Inscription confirmée" in message.subject
    assert "/inscriptions/annulation/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == "invitation.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and "\r\n" in content
    assert f"SUMMARY:{event.title[:20]}" in content.replace("\r\n ", "")
    assert AuditEvent.objects.filter(
        action="training.registration.created", target_uuid=registration.public_id
    ).exists()


def test_it_refuses_a_full_event_unless_the_waiting_list_is_accepted(network):
    event = published_event(network, capacity=1)
    register(event, "premiere@exemple.fr")
    with pytest.raises(services.EventFull, match="liste d'attente"):
        register(event, "deuxieme@exemple.fr")
    assert event.registrations.count() == 1
    waiting = register(event, "deuxieme@exemple.fr", accept_waiting_list=True)
    assert waiting.status == RegistrationStatus.WAITING
    assert "Liste d'attente" in mail.outbox[-1].subject
    assert not mail.outbox[-1].attachments


def test_it_tells_a_duplicate_politely_and_keeps_one_row(network):
    event = published_event(network)
    register(event, "jeanne@exemple.fr")
    with pytest.raises(services.AlreadyRegistered, match="déjà inscrite"):
        register(event, " JEANNE@exemple.fr ")
    assert event.registrations.count() == 1


def test_the_database_refuses_a_second_live_registration_for_the_same_email(network):
    event = published_event(network)
    RegistrationFactory(event=event, email="jeanne@exemple.fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="jeanne@exemple.fr")


def test_a_cancelled_person_may_register_again(network):
    event = published_event(network)
    first = register(event, "jeanne@exemple.fr")
    services.registration_cancel(registration=first)
    again = register(event, "jeanne@exemple.fr")
    assert again.status == RegistrationStatus.REGISTERED
    assert event.registrations.count() == 2


@pytest.mark.parametrize(
    ("status", "days", "message"),
    [
        (EventStatus.CANCELLED, 5, "annulé"),
        (EventStatus.DRAFT, 5, "fermées"),
        (EventStatus.PUBLISHED, -1, "déjà commencé ou est passé"),
    ],
)
def test_it_refuses_a_closed_or_past_event_in_french(network, status, days, message):
    event = published_event(network, days_ahead=days)
    event.status = status
    event.save()
    with pytest.raises(services.TrainingError, match=message):
        register(event, "jeanne@exemple.fr")
    assert not event.registrations.exists()


def test_a_cancellation_promotes_the_next_person_and_tells_them(network):
    event = published_event(network, capacity=1)
    first = register(event, "premiere@exemple.fr")
    second = register(event, "deuxieme@exemple.fr", accept_waiting_list=True)
    third = register(event, "troisieme@exemple.fr", accept_waiting_list=True)
    mail.outbox.clear()
    promoted = services.registration_cancel(registration=first)
    assert [r.pk for r in promoted] == [second.pk]
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.REGISTERED and second.promoted_at
    assert third.status == RegistrationStatus.WAITING
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "annulée" in subjects["premiere@exemple.fr"]
    assert "Une place s'est libérée" in subjects["deuxieme@exemple.fr"]
    promotion = next(m for m in mail.outbox if m.to == ["deuxieme@exemple.fr"])
    assert promotion.attachments[0][0] == "invitation.ics"
    assert AuditEvent.objects.filter(action="training.registration.promoted").count() == 1


def test_leaving_the_waiting_list_promotes_nobody(network):
    event = published_event(network, capacity=1)
    register(event, "premiere@exemple.fr")
    waiting = register(event, "deuxieme@exemple.fr", accept_waiting_list=True)
    assert services.registration_cancel(registration=waiting) == []


def test_a_registrant_cannot_cancel_twice_or_after_the_start(network):
    event = published_event(network)
    registration = register(event, "jeanne@exemple.fr")
    services.registration_cancel(registration=registration)
    with pytest.raises(services.TrainingError, match="déjà annulée"):
        services.registration_cancel(registration=registration)
    started = published_event(network, days_ahead=-1)
    late = RegistrationFactory(event=started)
    with pytest.raises(services.TrainingError, match="a commencé"):
        services.registration_cancel(registration=late)


def test_raising_the_capacity_promotes_the_waiting_list(network, coordinator):
    event = published_event(network, capacity=1)
    register(event, "premiere@exemple.fr")
    waiting = register(event, "deuxieme@exemple.fr", accept_waiting_list=True)
    services.event_update(actor=coordinator, event=event, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED


def test_the_capacity_cannot_go_below_the_registered_count(network, coordinator):
    event = published_event(network, capacity=3)
    register(event, "a@exemple.fr")
    register(event, "b@exemple.fr")
    with pytest.raises(services.TrainingError, match="2 personnes sont déjà inscrites"):
        services.event_update(actor=coordinator, event=event, data={"capacity": 1})
    event.refresh_from_db()
    assert event.capacity == 3


def test_publishing_needs_a_future_slot_and_a_place(network, coordinator):
    event = EventFactory(network=network, address="", video_url="")
    with pytest.raises(services.TrainingError, match="au moins un créneau"):
        services.event_publish(actor=coordinator, event=event)
    EventSlotFactory(event=event, starts_at=timezone.now() - timedelta(days=1))
    with pytest.raises(services.TrainingError, match="premier créneau est passé"):
        services.event_publish(actor=coordinator, event=event)
    event.slots.all().delete()
    EventSlotFactory(event=event)
    with pytest.raises(services.TrainingError, match="adresse ou un lien"):
        services.event_publish(actor=coordinator, event=event)
    event.video_url = "https://visio.exemple.fr/soiree"
    event.save()
    services.event_publish(actor=coordinator, event=event)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.published_at
    assert AuditEvent.objects.filter(
        action="training.event.published", actor_uuid=coordinator.public_id
    ).exists()


def test_cancelling_an_event_tells_everyone_registered_or_waiting(network, coordinator):
    event = published_event(network, capacity=1)
    register(event, "a@exemple.fr")
    register(event, "b@exemple.fr", accept_waiting_list=True)
    mail.outbox.clear()
    assert services.event_cancel(actor=coordinator, event=event, reason="Intervenant malade") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@exemple.fr", "b@exemple.fr"]
    assert all("Intervenant malade" in m.body for m in mail.outbox)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_attendance_then_held_then_satisfaction(network, coordinator):
    event = published_event(network, days_ahead=-1)
    present = RegistrationFactory(event=event, email="present@exemple.fr")
    absent = RegistrationFactory(event=event, email="absent@exemple.fr")
    with pytest.raises(services.TrainingError, match="marqué comme tenu"):
        services.satisfaction_request(actor=coordinator, event=event)
    assert services.attendance_record(actor=coordinator, event=event, present={present.public_id})
    services.event_mark_held(actor=coordinator, event=event)
    mail.outbox.clear()
    assert services.satisfaction_request(actor=coordinator, event=event) == 1
    assert [m.to for m in mail.outbox] == [["present@exemple.fr"]]
    assert "/inscriptions/satisfaction/" in mail.outbox[0].body
    # Asked once only.
    assert services.satisfaction_request(actor=coordinator, event=event) == 0
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended and not absent.attended
    services.satisfaction_submit(registration=present, overall_rating=5, usefulness=4)
    with pytest.raises(services.TrainingError, match="déjà répondu"):
        services.satisfaction_submit(registration=present, overall_rating=1, usefulness=1)
    with pytest.raises(services.TrainingError, match="réservé"):
        services.satisfaction_submit(registration=absent, overall_rating=3, usefulness=3)


def test_an_event_cannot_be_held_before_it_starts(network, coordinator):
    event = published_event(network)
    with pytest.raises(services.TrainingError, match="pas encore commencé"):
        services.event_mark_held(actor=coordinator, event=event)


def test_only_registered_people_can_be_marked_present(network):
    event = published_event(network)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=waiting.pk).update(attended=True)


def test_the_scheduled_job_closes_past_events_and_asks_attendees(network, coordinator):
    from maillage.tasks.schedule import SCHEDULE
    from maillage.training.jobs import close_held_events

    assert "training.close_held_events" in SCHEDULE
    past = published_event(network, days_ahead=-2)
    present = RegistrationFactory(event=past, email="present@exemple.fr")
    not_recorded = published_event(network, days_ahead=-2)
    RegistrationFactory(event=not_recorded)
    upcoming = published_event(network)
    services.attendance_record(actor=coordinator, event=past, present={present.public_id})
    mail.outbox.clear()
    assert close_held_events() == 1
    past.refresh_from_db()
    assert past.status == EventStatus.HELD and past.satisfaction_sent_at
    assert [m.to for m in mail.outbox] == [["present@exemple.fr"]]
    for event in (not_recorded, upcoming):
        event.refresh_from_db()
        assert event.status == EventStatus.PUBLISHED
    assert close_held_events() == 0
