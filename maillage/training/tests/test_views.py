import html
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.training.models import Event, EventStatus, RegistrationStatus
from maillage.training.tests.factories import (
    EventFactory,
    EventSlotFactory,
    RegistrationFactory,
    published_event,
)

pytestmark = pytest.mark.django_db

ALLOWED = ["coordinator", "director", "network_admin"]
REFUSED = ["reception", "medical_lead", "external_outside"]


def _urls(event, registration):
    e = {"public_id": event.public_id}
    return [
        reverse("training:event_list"),
        reverse("training:event_create"),
        reverse("training:satisfaction_by_theme"),
        reverse("training:event_detail", kwargs=e),
        reverse("training:event_edit", kwargs=e),
        reverse("training:event_cancel", kwargs=e),
        reverse("training:registrations", kwargs=e),
        reverse("training:registration_add", kwargs=e),
        reverse("training:attendance_sheet", kwargs=e),
        reverse("training:satisfaction", kwargs=e),
    ]


@pytest.mark.parametrize("persona", ALLOWED)
def test_training_staff_open_every_page(request, client_for, persona, event, registration):
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(event, registration):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("persona", REFUSED)
def test_other_roles_and_networks_get_404(request, client_for, persona, event, registration):
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(event, registration):
        assert client.get(url).status_code == 404, url
    e = {"public_id": event.public_id}
    assert client.post(reverse("training:event_publish", kwargs=e)).status_code == 404
    r = e | {"registration_id": registration.public_id}
    assert client.post(reverse("training:registration_cancel", kwargs=r)).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_the_other_networks_coordinator_sees_none_of_this_networks_events(
    client_for, coordinator_other_network, event, registration
):
    client = client_for(coordinator_other_network)
    assert event.title not in client.get(reverse("training:event_list")).content.decode()
    for url in _urls(event, registration)[3:]:
        assert client.get(url).status_code == 404, url
    e = {"public_id": event.public_id}
    assert client.post(reverse("training:event_cancel", kwargs=e)).status_code == 404
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_the_anonymous_visitor_is_sent_to_login(client, event, registration):
    for url in _urls(event, registration):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_an_event_of_another_network_is_404(client_for, coordinator, other_network):
    foreign = published_event(other_network)
    client = client_for(coordinator)
    url = reverse("training:event_detail", kwargs={"public_id": foreign.public_id})
    assert client.get(url).status_code == 404


def test_the_list_paginates_within_a_query_budget(
    client_for, coordinator, network, django_assert_max_num_queries
):
    for _ in range(30):
        RegistrationFactory(event=published_event(network))
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:event_list"))
    assert response.status_code == 200
    assert "Page 1 sur 2" in html.unescape(response.content.decode())


def test_the_detail_and_registrations_pages_keep_a_query_budget(
    client_for, coordinator, event, django_assert_max_num_queries
):
    for _ in range(15):
        RegistrationFactory(event=event)
    client = client_for(coordinator)
    e = {"public_id": event.public_id}
    with django_assert_max_num_queries(14):
        assert client.get(reverse("training:event_detail", kwargs=e)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("training:registrations", kwargs=e)).status_code == 200


def test_a_coordinator_creates_a_draft_with_a_slot_and_publishes_it(
    client_for, coordinator, network
):
    client = client_for(coordinator)
    response = client.post(
        reverse("training:event_create"),
        {
            "title": "Chimiothérapie orale à domicile",
            "theme": "Chimiothérapie orale",
            "kind": "info_evening",
            "summary": "Les bons réflexes pour les infirmiers et pharmaciens.",
            "address": "12 rue des Tanneurs",
            "capacity": "25",
            "target_professions": ["nurse", "pharmacist"],
        },
    )
    event = Event.objects.get(title="Chimiothérapie orale à domicile")
    assert response.status_code == 302
    assert event.status == EventStatus.DRAFT and event.target_professions == ["nurse", "pharmacist"]
    e = {"public_id": event.public_id}
    client.post(
        reverse("training:slot_add", kwargs=e),
        {"day": "2099-03-12", "start": "18:30", "end": "21:00", "label": ""},
    )
    assert event.slots.count() == 1
    client.post(reverse("training:event_publish", kwargs=e))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert AuditEvent.objects.filter(action="training.event.created").exists()


def test_the_event_form_speaks_french(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("training:event_create"), {"capacity": "0", "video_url": "pas un lien"}
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Titre : ce champ est obligatoire." in body
    assert "Nombre de places : au moins une place." in body
    assert "Lien de visioconférence : saisissez une adresse complète" in body
    assert not Event.objects.exists()


def test_a_slot_ending_before_it_starts_is_refused(client_for, coordinator, network):
    event = EventFactory(network=network)
    response = client_for(coordinator).post(
        reverse("training:slot_add", kwargs={"public_id": event.public_id}),
        {"day": "2099-03-12", "start": "18:30", "end": "17:00"},
    )
    assert response.status_code == 400
    assert "Heure de fin : elle doit être après l'heure de début." in html.unescape(
        response.content.decode()
    )
    assert not event.slots.exists()


def test_a_speaker_is_typed_freely_or_needs_a_valid_rpps(client_for, coordinator, network):
    event = EventFactory(network=network)
    url = reverse("training:speaker_add", kwargs={"public_id": event.public_id})
    client = client_for(coordinator)
    response = client.post(url, {"rpps": "12345678901"})
    assert "11 chiffres dont une clé de contrôle" in html.unescape(response.content.decode())
    client.post(url, {"name": "Dr Anne Lefèvre", "role": "Oncologue"})
    assert [s.display_name for s in event.speakers.all()] == ["Dr Anne Lefèvre"]


def test_staff_register_someone_then_the_waiting_list_is_offered(client_for, coordinator, event):
    client = client_for(coordinator)
    url = reverse("training:registration_add", kwargs={"public_id": event.public_id})
    data = {"first_name": "Paul", "last_name": "Durand", "profession": "gp", "email": ""}
    for n in range(2):
        client.post(url, data | {"email": f"p{n}@exemple.fr"})
    response = client.post(url, data | {"email": "p3@exemple.fr"})
    assert "L'événement est complet" in html.unescape(response.content.decode())
    client.post(url, data | {"email": "p3@exemple.fr", "waiting_list": "1"})
    statuses = sorted(event.registrations.values_list("status", flat=True))
    assert statuses == ["registered", "registered", "waiting"]
    assert event.registrations.filter(source="staff").count() == 3


def test_staff_cancel_a_registration_and_the_next_person_is_promoted(
    client_for, coordinator, event
):
    first = RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    response = client_for(coordinator).post(
        reverse(
            "training:registration_cancel",
            kwargs={"public_id": event.public_id, "registration_id": first.public_id},
        ),
        follow=True,
    )
    assert "Place attribuée à" in html.unescape(response.content.decode())
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert any("Une place s'est libérée" in m.subject for m in mail.outbox)


def test_attendance_is_recorded_from_the_list(client_for, coordinator, network):
    event = published_event(network, days_ahead=-1)
    present = RegistrationFactory(event=event)
    absent = RegistrationFactory(event=event)
    client_for(coordinator).post(
        reverse("training:registrations", kwargs={"public_id": event.public_id}),
        {"present": [str(present.public_id), "pas-un-uuid"]},
    )
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended and not absent.attended


def test_cancelling_an_event_asks_first_then_notifies(client_for, coordinator, event, registration):
    client = client_for(coordinator)
    url = reverse("training:event_cancel", kwargs={"public_id": event.public_id})
    assert "définitive" in html.unescape(client.get(url).content.decode())
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    client.post(url, {"reason": "Salle indisponible"})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert mail.outbox[-1].to == [registration.email]


def test_the_dashboard_panel_counts_upcoming_events(
    client_for, coordinator, reception, event, registration, django_assert_max_num_queries
):
    client = client_for(coordinator)
    # The whole dashboard, every app's panel included: see core's test_shell baseline.
    with django_assert_max_num_queries(16):
        body = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="panel-upcoming-events">1<' in body
    assert 'data-testid="panel-registered">1<' in body
    assert (
        "panel-upcoming-events"
        not in client_for(reception).get(reverse("core:dashboard")).content.decode()
    )


def test_the_panel_costs_one_query_and_counts_right(
    rf, coordinator, network, event, registration, django_assert_num_queries
):
    from maillage.training.dashboard import training_panel

    RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    RegistrationFactory(event=published_event(network, days_ahead=-1))
    # Begun yesterday, a second session tomorrow: not upcoming (its first slot is past).
    begun = published_event(network, days_ahead=-1)
    EventSlotFactory(event=begun, starts_at=timezone.now() + timedelta(days=1))
    RegistrationFactory(event=begun)
    request = rf.get("/")
    request.membership = coordinator.memberships.get()
    request.network = network
    with django_assert_num_queries(1):
        panel = training_panel(request)
    assert (panel["upcoming_events"], panel["registered"], panel["waiting"]) == (1, 1, 1)


def test_every_training_form_names_the_field_in_its_french_errors(client_for, coordinator, event):
    client = client_for(coordinator)
    response = client.post(
        reverse("training:event_create"),
        {"title": "x" * 210, "capacity": "beaucoup", "video_url": "pas une adresse"},
    )
    body = html.unescape(response.content.decode())
    assert "Titre : 200 caractères au plus (le texte en compte 210)." in body
    assert "Nombre de places : saisissez un nombre entier." in body
    e = {"public_id": event.public_id}
    response = client.post(reverse("training:speaker_add", kwargs=e), {"role": "y" * 201})
    body = html.unescape(response.content.decode())
    assert "Fonction : 200 caractères au plus" in body
    assert event.speakers.count() == 0
    response = client.post(reverse("training:event_cancel", kwargs=e), {"reason": "z" * 301})
    assert "Motif (communiqué aux inscrit·es) : 300 caractères au plus" in html.unescape(
        response.content.decode()
    )
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_satisfaction_pages_cost_the_same_with_more_answers(client_for, coordinator, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.training.models import Satisfaction

    def held_event(n):
        event = published_event(network, days_ahead=-1, theme=f"Thème {n}")
        event.status = EventStatus.HELD
        event.save()
        return event

    def answer(event, count):
        for _ in range(count):
            registration = RegistrationFactory(event=event, attended=True)
            Satisfaction.objects.create(
                registration=registration, overall_rating=4, usefulness=3, comment="Utile"
            )

    client = client_for(coordinator)
    event = held_event(0)
    answer(event, 2)
    urls = [
        reverse("training:satisfaction", kwargs={"public_id": event.public_id}),
        reverse("training:satisfaction_by_theme"),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured))
        return result

    before = counts()
    answer(event, 10)
    for n in range(1, 6):
        answer(held_event(n), 3)
    assert counts() == before
