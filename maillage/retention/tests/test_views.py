"""The director's reading of the intermediate archive: with a stated reason, audited."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit.models import AuditEvent
from maillage.retention.tests.factories import SampleRecordFactory

KIND = "retention_testapp.samplerecord"
REASON = "Demande de droit d'accès de la personne du 12 mars"


@pytest.fixture
def archived(network):
    return SampleRecordFactory(network=network, label="Dossier Testaud", archived_at=timezone.now())


def _read_url(obj):
    return reverse("retention:archive_read", kwargs={"kind": KIND, "public_id": obj.public_id})


def _list_url():
    return reverse("retention:archives") + f"?type={KIND}"


def test_the_director_lists_archives_without_their_content(client_for, director, archived):
    SampleRecordFactory(network=archived.network, label="Dossier actif")
    response = client_for(director).get(_list_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert str(archived.public_id)[:8] in page
    assert "Dossier Testaud" not in page
    assert "Dossier actif" not in page


def test_the_list_paginates_with_a_bounded_query_count(
    client_for, director, network, django_assert_max_num_queries
):
    SampleRecordFactory.create_batch(30, network=network, archived_at=timezone.now())
    client = client_for(director)
    # session, user, device, membership, count, page, session update (with its savepoints)
    with django_assert_max_num_queries(9):
        response = client.get(_list_url())
    assert response.status_code == 200
    assert "Page 1 sur 2" in response.content.decode()


def test_the_director_reads_an_archive_after_giving_a_reason(client_for, director, archived):
    client = client_for(director)
    response = client.get(_read_url(archived))
    assert response.status_code == 200
    assert "Dossier Testaud" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="retention.archive.read").exists()

    response = client.post(_read_url(archived), {"reason": "parce que"})
    assert "Motif trop court" in response.content.decode()
    assert "Dossier Testaud" not in response.content.decode()

    response = client.post(_read_url(archived), {"reason": REASON})
    assert response.status_code == 200
    assert "Dossier Testaud" in response.content.decode()
    event = AuditEvent.objects.get(action="retention.archive.read")
    assert event.details == {"kind": KIND, "reason": REASON}
    assert event.target_uuid == archived.public_id
    assert event.actor_uuid == director.public_id


@pytest.mark.parametrize("persona", ["coordinator", "medical_lead", "reception", "network_admin"])
def test_other_roles_get_404(request, persona, client_for, archived):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_list_url()).status_code == 404
    assert client.post(_read_url(archived), {"reason": REASON}).status_code == 404


def test_the_director_of_another_network_gets_404(client_for, other_network, archived):
    other_director = MembershipFactory(network=other_network, role=Role.DIRECTOR).user
    client = client_for(other_director)
    assert client.post(_read_url(archived), {"reason": REASON}).status_code == 404
    assert str(archived.public_id)[:8] not in client.get(_list_url()).content.decode()


def test_an_active_record_is_not_read_here(client_for, director, network):
    active = SampleRecordFactory(network=network)
    assert client_for(director).get(_read_url(active)).status_code == 404


def test_an_unknown_kind_gives_404(client_for, director, archived):
    url = reverse(
        "retention:archive_read", kwargs={"kind": "audit.event", "public_id": archived.public_id}
    )
    assert client_for(director).get(url).status_code == 404


def test_outsiders_are_sent_away(client_for, external_outside, archived):
    assert client_for(external_outside).get(_list_url()).status_code == 404
    response = Client().get(_read_url(archived))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_director_finds_the_archives_in_the_navigation(client_for, director, coordinator):
    url = reverse("retention:archives")
    assert f'href="{url}"' in client_for(director).get(reverse("core:dashboard")).content.decode()
    assert url not in client_for(coordinator).get(reverse("core:dashboard")).content.decode()
