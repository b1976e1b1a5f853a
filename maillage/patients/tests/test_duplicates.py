"""Duplicate candidates on tricky French names, never across networks."""

import datetime

import pytest

from maillage.patients.duplicates import find_duplicates
from maillage.patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
BORN = datetime.date(1938, 4, 3)


def candidates(network, **typed):
    typed.setdefault("birth_date", BORN)
    typed.setdefault("used_name", "")
    return find_duplicates(network=network, **typed)


def test_accents_case_and_hyphens_do_not_hide_a_duplicate(network):
    existing = PatientFactory(
        network=network, birth_name="Lefèvre-Dubois", first_names="Éloïse", birth_date=BORN
    )
    found = candidates(network, birth_name="LEFEVRE DUBOIS", first_names="Eloise")
    assert [c.patient for c in found] == [existing]
    assert "même date de naissance" in found[0].reasons


def test_a_used_name_typed_as_birth_name_is_found(network):
    existing = PatientFactory(
        network=network,
        birth_name="MARTIN",
        used_name="DURAND",
        first_names="Jeanne",
        birth_date=BORN,
    )
    found = candidates(network, birth_name="Durand", first_names="Jeanne")
    assert [c.patient for c in found] == [existing]
    assert "nom de naissance et nom utilisé croisés" in found[0].reasons


def test_swapped_family_and_first_names_are_found(network):
    existing = PatientFactory(
        network=network, birth_name="BERNARD", first_names="Thomas", birth_date=BORN
    )
    found = candidates(network, birth_name="Thomas", first_names="Bernard")
    assert [c.patient for c in found] == [existing]
    assert "nom et prénom inversés" in found[0].reasons


def test_compound_and_partial_first_names_are_found(network):
    existing = PatientFactory(
        network=network,
        birth_name="N'Guyen",
        first_names="Marie-Thérèse Jeanne",
        birth_date=BORN,
    )
    found = candidates(network, birth_name="NGUYEN", first_names="Marie Therese")
    assert [c.patient for c in found] == [existing]


def test_day_and_month_swapped_are_found(network):
    existing = PatientFactory(
        network=network, birth_name="ROUSSEAU", first_names="Paul", birth_date=BORN
    )
    found = candidates(
        network, birth_name="Rousseau", first_names="Paul", birth_date=datetime.date(1938, 3, 4)
    )
    assert [c.patient for c in found] == [existing]
    assert "jour et mois de naissance inversés" in found[0].reasons


def test_different_people_born_the_same_day_are_not_proposed(network):
    PatientFactory(network=network, birth_name="GARNIER", first_names="Lucien", birth_date=BORN)
    assert candidates(network, birth_name="Moreau", first_names="Sophie") == []


def test_it_never_looks_in_another_network(network, other_network):
    PatientFactory(
        network=other_network, birth_name="ROUSSEAU", first_names="Paul", birth_date=BORN
    )
    assert candidates(network, birth_name="Rousseau", first_names="Paul") == []


def test_merged_records_are_not_proposed(network):
    kept = PatientFactory(
        network=network, birth_name="ROUSSEAU", first_names="Paul", birth_date=BORN
    )
    absorbed = PatientFactory(
        network=network, birth_name="ROUSSEAU", first_names="Paul", birth_date=BORN
    )
    absorbed.merged_into = kept
    absorbed.merged_at = kept.created_at
    absorbed.save()
    assert [c.patient for c in candidates(network, birth_name="Rousseau", first_names="Paul")] == [
        kept
    ]
