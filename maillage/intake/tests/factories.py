"""Factories of the single entry point (fictional people, Faker fr_FR)."""

import factory
from django.utils import timezone
from faker import Faker

from maillage.intake.models import Channel, RequesterQuality, SupportRequest
from maillage.networks.tests.factories import NetworkFactory
from maillage.testing.logguard import watch_name

fake = Faker("fr_FR")


def _surname() -> str:
    name = fake.last_name().upper()
    watch_name(name)
    return name


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    network = factory.SubFactory(NetworkFactory)
    channel = Channel.PHONE
    requester_name = factory.LazyFunction(lambda: f"Dr {fake.last_name()}")
    requester_quality = RequesterQuality.GP
    requester_phone = "0240000000"
    person_birth_name = factory.LazyFunction(_surname)
    person_first_names = factory.LazyFunction(fake.first_name)
    reasons = factory.LazyFunction(lambda: ["coordination"])
    description = "Situation à domicile devenue difficile."
    received_at = factory.LazyFunction(timezone.now)
