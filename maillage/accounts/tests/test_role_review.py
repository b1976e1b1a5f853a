"""The quarterly role review: the director sees who holds which role and confirms it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts import services
from maillage.accounts.models import RoleReview
from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit.models import AuditEvent

URL = reverse("accounts:role_review")


def test_the_director_sees_every_role(client_for, director, coordinator, network_admin):
    page = client_for(director).get(URL).content.decode()
    for person in (director, coordinator, network_admin):
        assert person.email in page
    assert "reste à confirmer" in page


def test_the_page_is_paginated_with_bounded_queries(
    client_for, director, network, django_assert_max_num_queries
):
    for _ in range(60):
        MembershipFactory(network=network)
    client = client_for(director)
    # session, user, device, membership, this quarter, count, page, history, session save
    with django_assert_max_num_queries(11):
        response = client.get(URL)
    assert "Page 1 sur 2" in response.content.decode()


def test_the_director_confirms_the_quarter(client_for, director, coordinator, network):
    client = client_for(director)
    response = client.post(URL, {"comment": "RAS"})
    assert response["Location"] == URL
    review = RoleReview.objects.get(network=network)
    assert review.confirmed_by == director
    assert {row["email"]: row["role"] for row in review.snapshot}[
        coordinator.email
    ] == "coordinator"
    event = AuditEvent.objects.get(action="accounts.role_review.confirmed")
    assert event.network_uuid == network.public_id
    page = client.get(URL).content.decode()
    assert "confirmée le" in page
    assert "Je confirme" not in page


def test_a_quarter_is_confirmed_once(director, network):
    services.role_review_confirm(actor=director, network=network)
    with pytest.raises(ValidationError, match="déjà confirmée"):
        services.role_review_confirm(actor=director, network=network)
    assert RoleReview.objects.count() == 1


def test_a_new_quarter_asks_again(director, network):
    january = timezone.make_aware(dt.datetime(2026, 1, 15, 10))
    april = timezone.make_aware(dt.datetime(2026, 4, 2, 10))
    first = services.role_review_confirm(actor=director, network=network, now=january)
    second = services.role_review_confirm(actor=director, network=network, now=april)
    assert (first.quarter, second.quarter) == (1, 2)
    assert first.period_label == "1er trimestre 2026"


@pytest.mark.parametrize(
    "persona",
    [
        "reception",
        "coordinator",
        "medical_lead",
        "network_admin",
        "coordinator_other_network",
        "external_outside",
        "superuser_without_membership",
    ],
)
def test_other_personas_get_404(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"comment": "forcé"}).status_code == 404
    assert not RoleReview.objects.exists()


def test_anonymous_is_sent_to_login():
    assert Client().get(URL)["Location"].startswith(reverse("accounts:login"))


def test_the_directors_dashboard_shows_the_review_to_do(
    client_for, director, coordinator, django_assert_max_num_queries
):
    client = client_for(director)
    # Session, user, device, membership, the session save (3), then one query per panel: the
    # role review, the security alerts, intake's requests waiting, training's figures (the
    # per-panel baseline lives in core's test_shell).
    with django_assert_max_num_queries(11):
        page = client.get(reverse("core:dashboard")).content.decode()
    assert "Revue trimestrielle des rôles" in page
    assert "Alertes de sécurité" in page
    coordinator_page = client_for(coordinator).get(reverse("core:dashboard")).content.decode()
    assert "Revue trimestrielle des rôles" not in coordinator_page
