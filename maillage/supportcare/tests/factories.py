"""Factories of the support-care app (Faker fr_FR, fictional people)."""

from datetime import date
from decimal import Decimal

import factory
from faker import Faker

from maillage.core.text import normalise
from maillage.directory.models import Organisation, Professional
from maillage.networks.tests.factories import NetworkFactory
from maillage.supportcare.models import (
    Convention,
    Funder,
    FundingLine,
    Provider,
    ProviderOffer,
)

fake = Faker("fr_FR")
# Valid French IBANs (ISO 7064 key correct), fictional accounts.
IBAN_A = "FR7630006000011234567890189"
IBAN_B = "FR1420041010050500013M02606"


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    last_name = factory.LazyFunction(lambda: fake.last_name().upper())
    first_name = factory.LazyFunction(fake.first_name)
    profession = "Psychologue"
    search_name = factory.LazyAttribute(lambda o: normalise(f"{o.last_name} {o.first_name}"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association Sport Santé {n}")
    search_name = factory.LazyAttribute(lambda o: normalise(o.name))
    city = "Nantes"


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"FIR soins de support {n}")
    funder = Funder.ARS_FIR
    funder_name = "ARS Pays de la Loire"
    starts_on = date(2026, 1, 1)
    ends_on = date(2026, 12, 31)
    budget = Decimal("10000.00")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    professional = factory.SubFactory(ProfessionalFactory)
    email = factory.Sequence(lambda n: f"intervenant{n}@cabinet.example")

    @factory.post_generation
    def kinds(obj, create, extracted, **kwargs):
        if create:
            for kind in extracted or ["psychology"]:
                ProviderOffer.objects.create(provider=obj, kind=kind)


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention

    provider = factory.SubFactory(ProviderFactory)
    signed_on = date(2025, 12, 15)
    starts_on = date(2026, 1, 1)
    ends_on = None
