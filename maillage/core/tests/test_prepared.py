"""Queries compiled once (maillage.core.prepared) return what the ORM returns for the same
values: model instances with their select_related objects, dicts, aggregates."""

import pytest
from django.db.models import Count, Min, Q

from maillage.core.prepared import Param, Prepared, PreparedAggregate, PreparedVariants
from maillage.patients.models import Enrolment, Patient
from maillage.patients.tests.factories import EnrolmentFactory, PatientFactory

pytestmark = pytest.mark.django_db


def _patients_of_network():
    return Patient.objects.select_related("network").filter(
        network_id=Param("network", Patient, "network")
    )


def test_it_returns_what_the_orm_returns(network, other_network, coordinator):
    for patient in PatientFactory.create_batch(3, network=network):
        EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    PatientFactory(network=other_network)
    prepared = Prepared(_patients_of_network)
    for net in (network, other_network):
        rows = prepared.list(network=net.pk)
        expected = list(Patient.objects.select_related("network").filter(network=net))
        assert rows == expected
        assert [(p.network.name, p.display_name) for p in rows] == [
            (p.network.name, p.display_name) for p in expected
        ]
    assert "%s" in prepared.sql()


def test_values_are_converted_as_the_field_converts_them(network):
    patient = PatientFactory(network=network)
    by_uuid = Prepared(
        lambda: Patient.objects.filter(public_id=Param("id", Patient, "public_id")).values(
            "pk", "public_id"
        )[:1]
    )
    # A UUID, or its text (stored as hex on SQLite, as uuid on PostgreSQL).
    assert by_uuid.first(id=patient.public_id) == {"pk": patient.pk, "public_id": patient.public_id}
    assert by_uuid.first(id=str(patient.public_id))["pk"] == patient.pk
    assert by_uuid.first(id="00000000-0000-0000-0000-000000000000") is None


def test_the_values_must_be_the_params():
    prepared = Prepared(_patients_of_network)
    with pytest.raises(TypeError):
        prepared.list()
    with pytest.raises(TypeError):
        prepared.list(network=1, other=2)


def test_an_aggregate_returns_what_aggregate_returns(network, coordinator):
    for patient in PatientFactory.create_batch(2, network=network):
        EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    prepared = PreparedAggregate(
        lambda: (
            Enrolment.objects.filter(network_id=Param("network", Enrolment, "network")),
            {
                "n": Count("*"),
                "mine": Count(
                    "pk", filter=Q(lead_coordinator_id=Param("me", Enrolment, "lead_coordinator"))
                ),
                "first": Min("started_on"),
            },
        )
    )
    got = prepared.get(network=network.pk, me=coordinator.pk)
    assert got == Enrolment.objects.filter(network=network).aggregate(
        n=Count("*"),
        mine=Count("pk", filter=Q(lead_coordinator=coordinator)),
        first=Min("started_on"),
    )
    assert got["n"] == 2
    assert prepared.get(network=network.pk + 1000, me=coordinator.pk) == {
        "n": 0,
        "mine": 0,
        "first": None,
    }


def test_an_aggregate_over_a_subquery_is_refused():
    prepared = PreparedAggregate(
        lambda: (
            Patient.objects.filter(network_id=Param("network", Patient, "network"))
            .annotate(enrolments=Count("enrolments"))
            .filter(enrolments__gt=0),
            {"n": Count("id", distinct=True)},
        )
    )
    with pytest.raises(ValueError):
        prepared.get(network=1)


def test_variants_compile_one_query_per_key(network):
    PatientFactory.create_batch(3, network=network)
    built = []

    def first_patients(limit):
        built.append(limit)
        return Patient.objects.filter(network_id=Param("network", Patient, "network"))[:limit]

    variants = PreparedVariants(first_patients)
    assert variants[2] is variants[2]
    assert len(variants[2].list(network=network.pk)) == 2
    assert len(variants[1].list(network=network.pk)) == 1
    first_use = list(built)
    assert len(variants[2].list(network=network.pk)) == 2
    assert len(variants[1].list(network=network.pk)) == 1
    assert built == first_use  # nothing built again once a key is known
    assert set(built) == {1, 2}
