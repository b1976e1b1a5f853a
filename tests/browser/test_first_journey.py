"""A first journey: log in, pass the second factor, see the dashboard, switch network, log out."""

import pytest

from maillage.accounts.models import Role
from maillage.accounts.tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_logs_in_switches_network_and_logs_out(
    login_page, coordinator, other_network, assert_accessible
):
    MembershipFactory(user=coordinator, network=other_network, role=Role.MEDICAL_LEAD)
    page = login_page(coordinator)
    # Two networks: the coordinator chooses where to work first.
    assert "/compte/reseau/" in page.url
    assert_accessible(page)
    page.get_by_label("Réseau Val de Loire Santé — Coordinateur·rice de parcours").check()
    page.get_by_role("button", name="Travailler dans ce réseau").click()
    assert page.get_by_test_id("active-network").inner_text() == "Réseau Val de Loire Santé"
    page.locator("summary", has_text=coordinator.full_name).click()
    page.get_by_role("link", name="Changer de réseau").click()
    page.get_by_label("DAC Autre Territoire — Médecin coordonnateur").check()
    page.get_by_role("button", name="Travailler dans ce réseau").click()
    assert page.get_by_test_id("active-network").inner_text() == "DAC Autre Territoire"
    assert "Médecin coordonnateur" in page.get_by_test_id("dashboard-role").inner_text()
    assert_accessible(page)
    page.locator("summary", has_text=coordinator.full_name).click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/compte/connexion/")
    page.goto(page.url.replace("/compte/connexion/", "/tableau-de-bord/"))
    assert "/compte/connexion/" in page.url


def test_the_login_page_is_accessible(page, live_url, assert_accessible):
    page.goto(live_url("/compte/connexion/"))
    assert_accessible(page)
