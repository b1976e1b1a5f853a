"""Factories for assessments (fictional people come from the patients factories)."""

import factory
from django.utils import timezone

from maillage.assessments.models import Assessment, Place


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft assessment; build it through `services.assessment_create` when sections matter."""

    class Meta:
        model = Assessment

    patient = factory.SubFactory("maillage.patients.tests.factories.PatientFactory")
    network = factory.LazyAttribute(lambda o: o.patient.network)
    assessed_on = factory.LazyFunction(timezone.localdate)
    place = Place.HOME
    author = factory.SubFactory("maillage.accounts.tests.factories.UserFactory")


ZARIT_MODERATE = {"items": [2] * 22}  # 44: « fardeau modéré à sévère »
AGGIR_GIR2_LETTERS = {
    "coherence": "C",
    "orientation": "C",
    "toilette": "C",
    "habillage": "C",
    "alimentation": "C",
    "elimination": "C",
    "transferts": "C",
    "deplacements_interieur": "C",
    "deplacements_exterieur": "C",
    "communication_distance": "C",
}


def all_adverbs(value: bool) -> dict:
    return dict.fromkeys(("spontanement", "totalement", "correctement", "habituellement"), value)


def aggir_all(letter: str) -> dict:
    return {"variables": dict.fromkeys(AGGIR_GIR2_LETTERS, letter)}
