"""Every staff page and action of the document library and the public-site settings, with real
objects: readers, writers and site editors each reach what their role allows; the other roles,
another network's staff and external users get 404 and change nothing; the anonymous visitor
is sent to the login page."""

import pytest
from django.urls import reverse

from maillage.documents.models import PublicContact
from maillage.documents.tests.factories import DocumentFactory, PageVersionFactory

pytestmark = pytest.mark.django_db

STAFF = ["reception", "coordinator", "medical_lead", "director", "network_admin"]
WRITERS = {"coordinator", "medical_lead", "director", "network_admin"}
EDITORS = {"director", "network_admin"}
EVERYONE = set(STAFF)


@pytest.fixture
def world(network):
    document = DocumentFactory(network=network, title="Protocole de sortie")
    version = PageVersionFactory(document=document, number=1)
    contact = PublicContact.objects.create(network=network, name="Camille", role="IDEC")
    return document, version, contact


def gets(world):
    document, _version, _contact = world
    d = {"public_id": document.public_id}
    return [
        (reverse("documents:library"), EVERYONE),
        (reverse("documents:create"), WRITERS),
        (reverse("documents:site_settings"), EDITORS),
        (reverse("documents:detail", kwargs=d), EVERYONE),
        (reverse("documents:edit", kwargs=d), WRITERS),
        (reverse("documents:version_add", kwargs=d), WRITERS),
    ]


def posts(world):
    document, version, contact = world
    d = {"public_id": document.public_id}
    return [
        (reverse("documents:create"), {"title": "Intrus"}, WRITERS),
        (reverse("documents:site_settings"), {"tagline": "Intrus"}, EDITORS),
        (reverse("documents:contact_add"), {"name": "Intrus", "role": "x"}, EDITORS),
        (
            reverse("documents:contact_remove", kwargs={"contact_id": contact.public_id}),
            {},
            EDITORS,
        ),
        (reverse("documents:edit", kwargs=d), {"title": "Modifié"}, WRITERS),
        (reverse("documents:version_add", kwargs=d), {"body_markdown": "x"}, WRITERS),
        (
            reverse("documents:version_publish", kwargs=d | {"version_id": version.public_id}),
            {},
            WRITERS,
        ),
        (reverse("documents:archive", kwargs=d), {}, WRITERS),
    ]


def snapshot(world):
    document, _version, _contact = world
    document.refresh_from_db()
    return (
        document.title,
        document.status,
        document.versions.count(),
        PublicContact.objects.count(),
        document.network.public_contacts.filter(name="Intrus").exists(),
    )


@pytest.mark.parametrize("persona", STAFF)
def test_each_role_reaches_what_it_may_and_gets_404_elsewhere(request, client_for, persona, world):
    client = client_for(request.getfixturevalue(persona))
    before = snapshot(world)
    for url, roles in gets(world):
        assert client.get(url).status_code == (200 if persona in roles else 404), url
    for url, data, roles in posts(world):
        if persona not in roles:
            assert client.post(url, data).status_code == 404, url
    assert snapshot(world) == before


@pytest.mark.parametrize("persona", ["coordinator_other_network", "external_outside"])
def test_other_networks_and_outsiders_get_404_on_our_objects(request, client_for, persona, world):
    client = client_for(request.getfixturevalue(persona))
    before = snapshot(world)
    document, _version, _contact = world
    for url, _roles in gets(world):
        if str(document.public_id) in url:
            assert client.get(url).status_code == 404, url
    for url, data, _roles in posts(world):
        object_url = str(document.public_id) in url or ("contacts/" in url and "supprimer" in url)
        if object_url or persona == "external_outside":
            assert client.post(url, data).status_code == 404, url
    assert snapshot(world) == before


def test_the_anonymous_visitor_is_sent_to_login_and_changes_nothing(client, world):
    before = snapshot(world)
    for url, _roles in gets(world):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"], url
    for url, data, _roles in posts(world):
        response = client.post(url, data)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"], url
    assert snapshot(world) == before
