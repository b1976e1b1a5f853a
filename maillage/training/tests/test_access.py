"""Every staff page and action of the training area, with real objects: the training roles
reach them; any other role, another network's staff and an external user get 404 and change
nothing; the anonymous visitor is sent to the login page."""

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.training.models import EventSpeaker, EventStatus, RegistrationStatus
from maillage.training.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

ALLOWED = ["coordinator", "director", "network_admin"]
REFUSED = ["reception", "medical_lead", "external_outside", "coordinator_other_network"]


@pytest.fixture
def world(event, registration):
    registration.attended = True
    registration.save(update_fields=["attended"])
    speaker = EventSpeaker.objects.create(event=event, name="Dr Fictif", role="Algologue")
    return event, registration, event.slots.get(), speaker


def gets(world):
    event, registration, _slot, _speaker = world
    e = {"public_id": event.public_id}
    r = e | {"registration_id": registration.public_id}
    return [
        reverse("training:event_list"),
        reverse("training:event_create"),
        reverse("training:satisfaction_by_theme"),
        reverse("training:event_detail", kwargs=e),
        reverse("training:event_edit", kwargs=e),
        reverse("training:event_cancel", kwargs=e),
        reverse("training:registrations", kwargs=e),
        reverse("training:registration_add", kwargs=e),
        reverse("training:satisfaction", kwargs=e),
        reverse("training:attendance_sheet", kwargs=e),
        reverse("training:certificates", kwargs=e),
        reverse("training:certificate", kwargs=r),
    ]


def posts(world):
    """(url, data) for every action, with data that would succeed for an allowed role."""
    event, registration, slot, speaker = world
    e = {"public_id": event.public_id}
    return [
        (reverse("training:event_create"), {"title": "Intrus"}),
        (reverse("training:event_edit", kwargs=e), {"title": "Modifié par un intrus"}),
        (
            reverse("training:slot_add", kwargs=e),
            {"starts_at": "2030-01-01T18:00", "ends_at": "2030-01-01T20:00"},
        ),
        (reverse("training:slot_remove", kwargs=e | {"slot_id": slot.public_id}), {}),
        (reverse("training:speaker_add", kwargs=e), {"name": "Intrus", "role": "x"}),
        (reverse("training:speaker_remove", kwargs=e | {"speaker_id": speaker.public_id}), {}),
        (reverse("training:event_publish", kwargs=e), {}),
        (reverse("training:event_mark_held", kwargs=e), {}),
        (reverse("training:event_cancel", kwargs=e), {"reason": "Intrusion"}),
        (
            reverse("training:registrations", kwargs=e),
            {"present": [str(registration.public_id)]},
        ),
        (
            reverse("training:registration_add", kwargs=e),
            {"first_name": "A", "last_name": "B", "profession": "nurse", "email": "a@b.fr"},
        ),
        (
            reverse(
                "training:registration_cancel",
                kwargs=e | {"registration_id": registration.public_id},
            ),
            {},
        ),
        (reverse("training:satisfaction", kwargs=e), {}),
    ]


def snapshot(world):
    event, registration, _slot, _speaker = world
    event.refresh_from_db()
    registration.refresh_from_db()
    return (
        event.title,
        event.status,
        event.slots.count(),
        event.speakers.count(),
        event.registrations.count(),
        registration.status,
        registration.attended,
    )


@pytest.mark.parametrize("persona", ALLOWED)
def test_the_training_roles_reach_every_page_and_file(request, client_for, persona, world):
    client = client_for(request.getfixturevalue(persona))
    for url in gets(world):
        response = client.get(url)
        assert response.status_code == 200, url
    pdfs = [u for u in gets(world) if u.endswith(".pdf")]
    assert len(pdfs) == 3
    assert AuditEvent.objects.filter(action__startswith="training.").filter(
        action__endswith=".exported"
    ).count() == len(pdfs)


@pytest.mark.parametrize("persona", REFUSED)
def test_wrong_role_wrong_network_and_outsiders_get_404_and_change_nothing(
    request, client_for, persona, world
):
    client = client_for(request.getfixturevalue(persona))
    before = snapshot(world)
    # Another network's coordinator has their own list and forms; only our objects are 404.
    skip = 3 if persona == "coordinator_other_network" else 0
    for url in gets(world)[skip:]:
        assert client.get(url).status_code == 404, url
    for url, data in posts(world)[1 if skip else 0 :]:
        assert client.post(url, data).status_code == 404, url
    assert snapshot(world) == before
    assert before[1] == EventStatus.PUBLISHED and before[5] == RegistrationStatus.REGISTERED


def test_the_anonymous_visitor_is_sent_to_login_and_changes_nothing(client, world):
    before = snapshot(world)
    for url in gets(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/compte/connexion/" in response["Location"], url
    for url, data in posts(world):
        response = client.post(url, data)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"], url
    assert snapshot(world) == before


def test_another_networks_registration_is_404_under_our_event(
    client_for, coordinator, world, other_network
):
    from maillage.training.tests.factories import published_event

    event = world[0]
    foreign = RegistrationFactory(event=published_event(other_network), attended=True)
    url = reverse(
        "training:certificate",
        kwargs={"public_id": event.public_id, "registration_id": foreign.public_id},
    )
    assert client_for(coordinator).get(url).status_code == 404
    cancel = reverse(
        "training:registration_cancel",
        kwargs={"public_id": event.public_id, "registration_id": foreign.public_id},
    )
    assert client_for(coordinator).post(cancel).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == RegistrationStatus.REGISTERED
