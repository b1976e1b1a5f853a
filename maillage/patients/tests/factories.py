"""Factories for the patient's record (fictional people, Faker fr_FR)."""

import datetime

import factory
from django.utils import timezone
from faker import Faker

from maillage.accounts.models import UserKind
from maillage.accounts.tests.factories import UserFactory
from maillage.core.models import CogType, Commune, CommunePostalCode
from maillage.core.text import normalise
from maillage.directory.models import Organisation, Professional
from maillage.networks.tests.factories import NetworkFactory
from maillage.patients.models import (
    Carer,
    CarerRelationship,
    CareTeamMember,
    Consent,
    ConsentKind,
    ConsentMethod,
    Enrolment,
    ExternalProfile,
    JournalEntry,
    JournalKind,
    Patient,
    Sex,
    Task,
)
from maillage.patients.services.careteam import default_categories
from maillage.patients.wordings import current_wording

fake = Faker("fr_FR")


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune with one postal code (`postal_code=` to choose it)."""

    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)
        skip_postgeneration_save = True

    insee_code = "44109"
    name = "Nantes"
    search_name = factory.LazyAttribute(lambda o: normalise(o.name))
    departement = factory.LazyAttribute(lambda o: o.insee_code[:2])
    cog_type = CogType.COM

    @factory.post_generation
    def postal_code(obj, create, extracted, **kwargs):
        if create:
            CommunePostalCode.objects.get_or_create(commune=obj, code=extracted or "44000")


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    last_name = factory.LazyFunction(lambda: fake.last_name().upper())
    first_name = factory.LazyFunction(fake.first_name)
    search_name = factory.LazyAttribute(lambda o: normalise(f"{o.last_name} {o.first_name}"))
    practice_civility = "Dr"
    profession = "Médecin"
    category = "Civil"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"SAAD Les Aidants {n}")
    search_name = factory.LazyAttribute(lambda o: normalise(o.name))
    category = "Service d'aide à domicile"
    city = "NANTES"


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    network = factory.SubFactory(NetworkFactory)
    sex = factory.Iterator([Sex.FEMALE, Sex.MALE])
    birth_name = factory.LazyFunction(lambda: fake.last_name().upper())
    first_names = factory.LazyAttribute(
        lambda o: fake.first_name_female() if o.sex == Sex.FEMALE else fake.first_name_male()
    )
    birth_date = factory.LazyFunction(
        lambda: fake.date_between(datetime.date(1925, 1, 1), datetime.date(1990, 12, 31))
    )
    birth_insee_code = "44109"
    birth_country = "France"
    address = factory.LazyFunction(fake.street_address)
    postal_code = "44000"
    phone = "02 40 12 34 56"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    patient = factory.SubFactory(PatientFactory)
    network = factory.SelfAttribute("patient.network")
    lead_coordinator = factory.SubFactory(UserFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class ExternalUserFactory(UserFactory):
    kind = UserKind.EXTERNAL


class ExternalProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalProfile

    user = factory.SubFactory(ExternalUserFactory)
    professional = factory.SubFactory(
        ProfessionalFactory,
        last_name=factory.SelfAttribute("..user.last_name"),
        first_name=factory.SelfAttribute("..user.first_name"),
    )


class CareTeamMemberFactory(factory.django.DjangoModelFactory):
    """By default a directory professional (pass external_user= or organisation= instead)."""

    class Meta:
        model = CareTeamMember

    patient = factory.SubFactory(PatientFactory)
    role = "gp"
    professional = factory.Maybe(
        factory.LazyAttribute(lambda o: o.external_user is None and o.organisation is None),
        yes_declaration=factory.SubFactory(ProfessionalFactory),
        no_declaration=None,
    )
    organisation = None
    external_user = None
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    categories = factory.LazyAttribute(lambda o: default_categories(o.role))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    patient = factory.SubFactory(PatientFactory)
    kind = ConsentKind.SHARING
    method = ConsentMethod.ORAL
    given_on = factory.LazyFunction(timezone.localdate)
    wording_version = factory.LazyAttribute(lambda o: current_wording(o.kind).version)
    wording_hash = factory.LazyAttribute(lambda o: current_wording(o.kind).sha256)
    recorded_by = factory.SubFactory(UserFactory)


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    patient = factory.SubFactory(PatientFactory)
    last_name = factory.LazyFunction(fake.last_name)
    first_name = factory.LazyFunction(fake.first_name)
    relationship = CarerRelationship.CHILD
    phone = "06 12 34 56 78"


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    patient = factory.SubFactory(PatientFactory)
    network = factory.SelfAttribute("patient.network")
    kind = JournalKind.CALL
    occurred_at = factory.LazyFunction(timezone.now)
    author = factory.SubFactory(UserFactory)
    body = factory.LazyFunction(lambda: fake.paragraph())


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    patient = factory.SubFactory(PatientFactory)
    network = factory.SelfAttribute("patient.network")
    assignee = factory.SubFactory(UserFactory)
    title = "Appeler le médecin traitant"
