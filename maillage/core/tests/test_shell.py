"""Navigation by role and the per-role dashboards."""

import pytest
from django.test import RequestFactory

from maillage.accounts.models import Role
from maillage.core import navigation
from maillage.core.panels import PLACEHOLDERS

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = ["reception", "coordinator", "medical_lead", "director", "network_admin"]


def _request(user, membership=None, path="/tableau-de-bord/"):
    request = RequestFactory().get(path)
    request.user = user
    request.membership = membership
    request.network = membership.network if membership else None
    return request


def test_every_navigation_entry_names_real_roles():
    valid = set(Role.values)
    for label, _url_name, roles in navigation.NAV_ITEMS:
        if roles in (None, "external"):
            continue
        assert set(roles) <= valid, f"Entrée « {label} » : rôle inconnu {set(roles) - valid}"


def test_entries_follow_the_role(monkeypatch, coordinator, director, external_outside):
    monkeypatch.setattr(
        navigation,
        "NAV_ITEMS",
        [
            ("Tableau de bord", "core:dashboard", None),
            ("Sécurité", "accounts:security", ("director",)),
            ("Réseaux", "accounts:network_switch", "external"),
            ("Pas encore livré", "nulle:part", None),
        ],
    )
    labels = lambda user: [  # noqa: E731
        item["label"]
        for item in navigation.navigation_for(
            _request(user, user.memberships.first() if user.is_staff_kind else None)
        )
    ]
    assert labels(coordinator) == ["Tableau de bord"]
    assert labels(director) == ["Tableau de bord", "Sécurité"]
    assert labels(external_outside) == ["Tableau de bord", "Réseaux"]


def test_a_staff_user_without_active_network_sees_no_entry(superuser_without_membership):
    assert navigation.navigation_for(_request(superuser_without_membership)) == []


def test_the_current_page_is_marked(coordinator):
    request = _request(coordinator, coordinator.memberships.first(), path="/tableau-de-bord/")
    items = navigation.navigation_for(request)
    assert [item["active"] for item in items if item["label"] == "Tableau de bord"] == [True]


@pytest.mark.parametrize("persona", ROLE_FIXTURES)
def test_each_role_sees_its_own_dashboard(
    request, persona, client_for, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    role = user.memberships.get().role
    client = client_for(user)
    # Baseline, reviewed when a panel is added: session, user, device, membership, session
    # save, and one or two aggregate queries per registered panel; never a query per row.
    with django_assert_max_num_queries(16):
        response = client.get("/tableau-de-bord/")
    assert response.status_code == 200
    page = response.content.decode()
    assert PLACEHOLDERS[role][0] in page
    assert Role(role).label in page
    assert "Navigation principale" in page
    assert 'href="#contenu"' in page  # skip link
    assert response["Cache-Control"] == "no-store, private"


def test_an_external_professional_sees_the_partner_dashboard(client_for, external_outside):
    response = client_for(external_outside).get("/tableau-de-bord/")
    assert response.status_code == 200
    page = response.content.decode()
    assert PLACEHOLDERS["external"][0] in page
    assert "Changer de réseau" not in page


def test_the_coordinator_of_another_network_sees_its_own_network(
    client_for, coordinator_other_network, network
):
    page = client_for(coordinator_other_network).get("/tableau-de-bord/").content.decode()
    assert "DAC Autre Territoire" in page
    assert network.name not in page


def test_a_superuser_without_membership_is_sent_to_choose_a_network(
    client_for, superuser_without_membership
):
    response = client_for(superuser_without_membership).get("/tableau-de-bord/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/reseau/"


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/tableau-de-bord/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_url_of_is_reverse(settings):
    import uuid

    from django.urls import reverse, set_script_prefix

    from maillage.core.navigation import url_of

    public_id = uuid.uuid4()
    assert url_of("core:dashboard") == reverse("core:dashboard")
    assert url_of("patients:detail", public_id) == reverse("patients:detail", args=[public_id])
    set_script_prefix("/sous-chemin/")
    try:
        assert url_of("patients:detail", public_id) == reverse("patients:detail", args=[public_id])
        assert url_of("core:dashboard").startswith("/sous-chemin/")
    finally:
        set_script_prefix("/")
