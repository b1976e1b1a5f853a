import factory
from django.utils import timezone

from maillage.networks.tests.factories import NetworkFactory
from maillage.retention.models import RetentionRule
from maillage.retention.tests.testapp.models import SampleNote, SampleRecord


class SampleRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SampleRecord

    network = factory.SubFactory(NetworkFactory)
    label = factory.Sequence(lambda n: f"Dossier {n}")
    closed_at = factory.LazyFunction(timezone.now)


class SampleNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SampleNote

    record = factory.SubFactory(SampleRecordFactory)
    body = factory.Faker("sentence", locale="fr_FR")


class RetentionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionRule

    network = None
    record_kind = "retention_testapp.samplerecord"
    active_days = 30
    archive_days = 60
    valid_from = factory.LazyFunction(lambda: timezone.localdate().replace(year=2000))
