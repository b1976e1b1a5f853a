"""Browser journey: the director searches the audit trail."""

import uuid

import pytest

from maillage.audit import record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_searches_the_trail(
    authenticated_page, director, coordinator, network, assert_accessible
):
    patient = uuid.uuid4()
    record("patients.patient.viewed", actor=coordinator, network=network, patient_uuid=patient)
    record("careplans.pps.validated", actor=coordinator, network=network, patient_uuid=patient)
    record("patients.patient.viewed", actor=director, network=network, patient_uuid=uuid.uuid4())

    page = authenticated_page(director)
    page.goto("/")
    page.get_by_role("link", name="Journal d'audit").click()
    assert page.get_by_role("heading", name="Journal d'audit").is_visible()
    assert_accessible(page)

    page.get_by_label("Utilisateur").select_option(str(coordinator.public_id))
    page.get_by_label("Identifiant public du patient").fill(str(patient))
    page.get_by_label("Action (début du nom)").fill("patients.")
    page.get_by_role("button", name="Rechercher").click()
    table = page.get_by_test_id("audit-events")
    assert table.get_by_text("1 évènement").is_visible()
    assert table.get_by_text("patients.patient.viewed").is_visible()
    assert table.get_by_text(str(patient)).is_visible()
    assert_accessible(page)

    page.get_by_label("Identifiant public du patient").fill("pas-un-identifiant")
    page.get_by_role("button", name="Rechercher").click()
    assert page.get_by_text("Identifiant du patient invalide").is_visible()
