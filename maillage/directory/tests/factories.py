import factory
from faker import Faker
from stdnum import luhn

from maillage.core.text import normalise
from maillage.directory.models import (
    Activity,
    IdType,
    Organisation,
    Professional,
    Resource,
    Source,
)
from maillage.networks.tests.factories import NetworkFactory

fake = Faker("fr_FR")


def rpps(n: int) -> str:
    base = f"1{n:09d}"
    return base + luhn.calc_check_digit(base)


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    id_type = IdType.RPPS
    identifier = factory.Sequence(lambda n: rpps(900_000 + n))
    national_id = factory.LazyAttribute(lambda o: o.id_type + o.identifier)
    source = Source.IMPORT
    last_name = factory.LazyFunction(lambda: fake.last_name().upper())
    first_name = factory.LazyFunction(lambda: fake.first_name().upper())
    search_name = factory.LazyAttribute(lambda o: normalise(f"{o.last_name} {o.first_name}"))
    profession_code = "10"
    profession = "Médecin"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    professional = factory.SubFactory(ProfessionalFactory)
    source = Source.IMPORT
    mode_code = "L"
    mode = "Libéral"
    name = factory.LazyFunction(lambda: f"Cabinet {fake.last_name()}")
    address = factory.LazyFunction(fake.street_address)
    phone = "02 40 11 22 33"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    finess = factory.Sequence(lambda n: (b := f"44099{n:03d}") + luhn.calc_check_digit(b))
    name = factory.Sequence(lambda n: f"EHPAD fictif {n}")
    search_name = factory.LazyAttribute(lambda o: normalise(o.name))
    category = "EHPAD"
    source = Source.IMPORT


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Atelier nutrition {n}")
    search_name = factory.LazyAttribute(lambda o: normalise(o.name))
