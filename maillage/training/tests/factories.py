from datetime import timedelta

import factory
from django.utils import timezone
from faker import Faker

from maillage.networks.tests.factories import NetworkFactory
from maillage.training.models import (
    Event,
    EventKind,
    EventSlot,
    EventStatus,
    Profession,
    Registration,
    RegistrationStatus,
)

fake = Faker("fr_FR")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Soirée d'information n° {n} : douleur et cancer")
    theme = "Psycho-oncologie"
    kind = EventKind.INFO_EVENING
    summary = "Repérer et soulager la douleur des patients suivis à domicile."
    programme = "- 18 h 30 : accueil\n- 19 h : intervention"
    address = factory.LazyFunction(fake.street_address)
    capacity = 20
    status = EventStatus.DRAFT


class EventSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSlot

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2, minutes=30))


def published_event(network, *, capacity: int = 20, days_ahead: int = 10, **kwargs) -> Event:
    """A published event with one slot `days_ahead` days from now (negative: in the past)."""
    event = EventFactory(
        network=network,
        capacity=capacity,
        status=EventStatus.PUBLISHED,
        published_at=timezone.now(),
        **kwargs,
    )
    start = timezone.now() + timedelta(days=days_ahead)
    EventSlotFactory(event=event, starts_at=start, ends_at=start + timedelta(hours=2))
    return event


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    first_name = factory.LazyFunction(fake.first_name)
    last_name = factory.LazyFunction(fake.last_name)
    profession = Profession.NURSE
    structure = "Cabinet infirmier des Tanneurs"
    email = factory.Sequence(lambda n: f"inscrit{n}@exemple.fr")
    status = RegistrationStatus.REGISTERED
