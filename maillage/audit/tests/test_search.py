"""The director searches the audit trail of the network: filters, pagination, access."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.audit import record
from maillage.audit.models import AuditEvent
from maillage.audit.tests.tampering import behind_the_apps_back

URL = reverse("audit:search")


@pytest.fixture
def trail(network, other_network, coordinator, reception, coordinator_other_network):
    patient = uuid.uuid4()
    record("patients.patient.viewed", actor=coordinator, network=network, patient_uuid=patient)
    record("patients.patient.viewed", actor=reception, network=network, patient_uuid=uuid.uuid4())
    record("careplans.pps.validated", actor=coordinator, network=network, patient_uuid=patient)
    record("accounts.login.succeeded", actor=coordinator)  # no network: a member's login
    record("patients.patient.viewed", actor=coordinator_other_network, network=other_network)
    record("accounts.login.succeeded", actor=coordinator_other_network)
    return patient


def _rows(response) -> list[str]:
    return [event.action for event in response.context["page_obj"]]


def test_the_director_sees_the_networks_events_and_its_members_logins(
    client_for, director, trail, coordinator_other_network
):
    response = client_for(director).get(URL)
    assert response.status_code == 200
    rows = _rows(response)
    assert rows.count("patients.patient.viewed") == 2
    assert rows.count("accounts.login.succeeded") == 1
    assert coordinator_other_network.email not in response.content.decode()


def test_filters_by_user_patient_action_and_period(client_for, director, coordinator, trail):
    client = client_for(director)
    by_user = client.get(URL, {"user": str(coordinator.public_id)})
    assert sorted(_rows(by_user)) == [
        "accounts.login.succeeded",
        "careplans.pps.validated",
        "patients.patient.viewed",
    ]
    by_patient = client.get(URL, {"patient": str(trail)})
    assert sorted(_rows(by_patient)) == ["careplans.pps.validated", "patients.patient.viewed"]
    by_action = client.get(URL, {"action": "patients."})
    assert _rows(by_action) == ["patients.patient.viewed"] * 2
    today = timezone.localdate()
    in_period = client.get(URL, {"start": today.isoformat(), "end": today.isoformat()})
    assert len(_rows(in_period)) >= 4
    yesterday = today - dt.timedelta(days=1)
    assert _rows(client.get(URL, {"start": yesterday, "end": yesterday})) == []


def test_the_period_includes_both_days(client_for, director, coordinator, network):
    event = record("tests.old", actor=coordinator, network=network)
    long_ago = timezone.make_aware(dt.datetime(2025, 3, 10, 23, 30))
    with behind_the_apps_back():
        AuditEvent.objects.filter(pk=event.pk).update(at=long_ago)  # searching only
    rows = _rows(client_for(director).get(URL, {"start": "2025-03-10", "end": "2025-03-10"}))
    assert rows == ["tests.old"]


def test_invalid_filters_are_explained_in_french(client_for, director, trail):
    response = client_for(director).get(
        URL,
        {
            "user": str(uuid.uuid4()),
            "patient": "pas-un-uuid",
            "action": "DROP TABLE",
            "start": "2026-05-10",
            "end": "2026-05-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Utilisateur inconnu" in page
    assert "Identifiant du patient invalide" in page
    assert "lettres minuscules" in page
    assert "La date de fin doit être postérieure" in page
    assert response.context["page_obj"] is None


def test_the_search_is_paginated_with_bounded_queries(
    client_for, director, network, coordinator, django_assert_max_num_queries
):
    for i in range(120):
        record("patients.patient.viewed", actor=coordinator, network=network, details={"i": i})
    client = client_for(director)
    # session, user, device, membership, members (filter), audit write (savepoint, last hash,
    # insert; + the chain lock on PostgreSQL), count, page, session save
    with django_assert_max_num_queries(15 if connection.vendor == "postgresql" else 14):
        response = client.get(URL, {"action": "patients."})
    page = response.content.decode()
    assert "Page 1 sur 3" in page
    assert "action=patients." in page  # the pagination keeps the filters
    assert len(_rows(client.get(URL, {"action": "patients.", "page": 3}))) == 20


def test_every_search_is_itself_audited(client_for, director, network):
    client_for(director).get(URL, {"action": "patients."})
    event = AuditEvent.objects.get(action="audit.trail.searched")
    assert event.details == {"filters": {"action": "patients."}}
    assert event.network_uuid == network.public_id


@pytest.mark.parametrize(
    "persona",
    [
        "reception",
        "coordinator",
        "medical_lead",
        "network_admin",
        "external_outside",
        "superuser_without_membership",
    ],
)
def test_other_roles_get_404(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 404


def test_another_networks_director_sees_none_of_these_events(client_for, other_network, trail):
    from maillage.accounts.models import Role
    from maillage.accounts.tests.factories import MembershipFactory

    other_director = MembershipFactory(network=other_network, role=Role.DIRECTOR).user
    rows = _rows(client_for(other_director).get(URL))
    assert "careplans.pps.validated" not in rows
    assert rows.count("patients.patient.viewed") == 1


def test_anonymous_is_sent_to_login():
    assert Client().get(URL)["Location"].startswith(reverse("accounts:login"))
