import html

import pytest
from django.core import mail
from django.core.signing import Signer
from django.urls import reverse
from stdnum import luhn

from maillage.documents.models import PublicSiteSettings
from maillage.training.models import EventStatus, RegistrationStatus, Satisfaction
from maillage.training.tests.factories import EventFactory, RegistrationFactory, published_event
from maillage.training.tokens import CANCEL_SALT, SATISFACTION_SALT, make_token

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def event_url(event):
    return reverse(
        "public:event_detail", kwargs={"slug": event.network.slug, "public_id": event.public_id}
    )


def form(email="jeanne.martin@exemple.fr", **extra):
    return {
        "first_name": "Jeanne",
        "last_name": "Martin",
        "profession": "nurse",
        "structure": "Cabinet des Tanneurs",
        "email": email,
        **extra,
    } | extra


def valid_rpps() -> str:
    base = "1000123456"
    return base + luhn.calc_check_digit(base)


def test_the_public_page_shows_the_event_and_its_places(client, event):
    response = client.get(event_url(event))
    body = text(response)
    assert response.status_code == 200
    assert event.title in body and "2 places disponibles" in body
    assert '<link rel="canonical" href="http://' in body
    assert '<meta name="description" content="' in body


def test_drafts_and_unknown_networks_are_404(client, network):
    draft = EventFactory(network=network)
    assert client.get(event_url(draft)).status_code == 404
    url = reverse("public:event_detail", kwargs={"slug": "inconnu", "public_id": draft.public_id})
    assert client.get(url).status_code == 404


def test_a_network_that_switched_its_site_off_shows_nothing(client, event):
    PublicSiteSettings.objects.create(network=event.network, is_published=False)
    assert client.get(event_url(event)).status_code == 404


def test_a_professional_registers_without_an_account(client, event):
    response = client.post(event_url(event), form(rpps=valid_rpps()))
    assert response.status_code == 302
    assert "inscription-enregistree" in response["Location"]
    registration = event.registrations.get()
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.rpps == valid_rpps() and registration.source == "public"
    assert mail.outbox[0].attachments[0][0] == "invitation.ics"
    assert "Inscription confirmée" in text(client.get(response["Location"]))


def test_a_wrong_rpps_key_is_refused_in_french(client, event):
    response = client.post(event_url(event), form(rpps="10001234567"))
    assert response.status_code == 400
    assert "Numéro RPPS : il comporte 11 chiffres dont une clé de contrôle" in text(response)
    assert not event.registrations.exists()


def test_missing_fields_are_named(client, event):
    body = text(client.post(event_url(event), {"email": "pas-une-adresse"}))
    assert "Prénom : ce champ est obligatoire." in body
    assert "Profession : ce champ est obligatoire." in body
    assert "Adresse électronique : saisissez une adresse complète" in body


def test_a_duplicate_is_told_politely(client, event):
    client.post(event_url(event), form())
    response = client.post(event_url(event), form(email="JEANNE.martin@exemple.fr"))
    assert "déjà inscrite à cet événement : inutile de recommencer" in text(response)
    assert event.registrations.count() == 1


def test_a_full_event_offers_the_waiting_list(client, event):
    RegistrationFactory.create_batch(2, event=event)
    page = text(client.get(event_url(event)))
    assert "L'événement est complet" in page and "M'inscrire sur la liste d'attente" in page
    response = client.post(event_url(event), form(waiting_list="True"))
    assert response.status_code == 302 and response["Location"].endswith("?attente=1")
    assert event.registrations.get(email="jeanne.martin@exemple.fr").status == "waiting"


def test_an_event_that_filled_up_meanwhile_offers_the_waiting_list_instead(client, event):
    RegistrationFactory.create_batch(2, event=event)
    response = client.post(event_url(event), form(waiting_list=""))
    body = text(response)
    assert response.status_code == 400
    assert "L'événement est complet. Vous pouvez vous inscrire sur la liste d'attente" in body
    assert 'name="waiting_list" value="True"' in body
    assert not event.registrations.filter(email="jeanne.martin@exemple.fr").exists()


def test_cancelled_and_past_events_refuse_registration_in_french(client, network):
    cancelled = published_event(network)
    cancelled.status = EventStatus.CANCELLED
    cancelled.save()
    page = text(client.get(event_url(cancelled)))
    assert "Cet événement a été annulé" in page and '<form method="post"' not in page
    body = text(client.post(event_url(cancelled), form()))
    assert "annulé : les inscriptions sont fermées" in body
    past = published_event(network, days_ahead=-2)
    body = text(client.post(event_url(past), form()))
    assert "cet événement a déjà commencé ou est passé" in body
    assert not cancelled.registrations.exists() and not past.registrations.exists()


def test_registrations_are_limited_per_email(client, network):
    events = [published_event(network) for _ in range(6)]
    for event in events[:5]:
        assert client.post(event_url(event), form()).status_code == 302
    response = client.post(event_url(events[5]), form())
    assert response.status_code == 429 and "Trop de tentatives" in text(response)
    assert not events[5].registrations.exists()


def test_registrations_are_limited_per_ip(client, event):
    for n in range(20):
        client.post(event_url(event), {"email": f"x{n}@exemple.fr"})
    response = client.post(event_url(event), form())
    assert response.status_code == 429
    assert not event.registrations.exists()


def cancel_url(registration, salt=CANCEL_SALT):
    token = make_token(registration, salt)
    return reverse("public:registration_cancel", kwargs={"token": token})


def test_opening_the_cancellation_link_cancels_nothing(client, registration):
    response = client.get(cancel_url(registration))
    assert response.status_code == 200
    assert "Confirmer l'annulation de mon inscription" in text(response)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_the_post_cancels_and_promotes_the_next_person(client, event, registration):
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    response = client.post(cancel_url(registration))
    assert "Votre inscription à" in text(response) and "est annulée" in text(response)
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.REGISTERED
    assert "déjà annulée" in text(client.get(cancel_url(registration)))


@pytest.mark.parametrize(
    "token",
    [
        "n-importe-quoi",
        Signer(salt=CANCEL_SALT).sign("00000000-0000-0000-0000-000000000000") + "x",
    ],
)
def test_a_forged_cancellation_link_is_refused(client, registration, token):
    for method in (client.get, client.post):
        response = method(reverse("public:registration_cancel", kwargs={"token": token}))
        assert response.status_code == 400
        assert "Ce lien n'est pas valide" in text(response)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_satisfaction_token_does_not_cancel(client, registration):
    response = client.post(cancel_url(registration, salt=SATISFACTION_SALT))
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def held_attendee(network):
    event = published_event(network, days_ahead=-1)
    event.status = EventStatus.HELD
    event.save()
    return RegistrationFactory(event=event, attended=True)


def test_an_attendee_answers_the_satisfaction_form_once(client, network):
    attendee = held_attendee(network)
    url = reverse("public:satisfaction", kwargs={"token": make_token(attendee, SATISFACTION_SALT)})
    assert "Appréciation générale" in text(client.get(url))
    response = client.post(url, {"overall_rating": "9"})
    body = text(response)
    assert response.status_code == 400
    assert "Appréciation générale de l'événement : choisissez une note de 1 à 5." in body
    assert "Utilité pour votre pratique : ce champ est obligatoire." in body
    response = client.post(url, {"overall_rating": "4", "usefulness": "5", "comment": "Très clair"})
    assert "Merci pour votre avis" in text(response)
    answer = Satisfaction.objects.get()
    assert (answer.overall_rating, answer.usefulness, answer.comment) == (4, 5, "Très clair")
    assert "Merci pour votre avis" in text(client.get(url))
    client.post(url, {"overall_rating": "1", "usefulness": "1"})
    assert Satisfaction.objects.count() == 1


def test_the_satisfaction_link_is_for_attendees_only(client, network):
    attendee = held_attendee(network)
    absent = RegistrationFactory(event=attendee.event)
    for registration in (absent,):
        url = reverse(
            "public:satisfaction", kwargs={"token": make_token(registration, SATISFACTION_SALT)}
        )
        assert client.get(url).status_code == 400
    forged = reverse("public:satisfaction", kwargs={"token": make_token(attendee, CANCEL_SALT)})
    assert client.get(forged).status_code == 400


def test_the_staff_see_satisfaction_results_per_event_and_per_theme(
    client_for, coordinator, network
):
    attendee = held_attendee(network)
    Satisfaction.objects.create(
        registration=attendee, overall_rating=4, usefulness=2, comment="Trop court"
    )
    client = client_for(coordinator)
    body = text(
        client.get(reverse("training:satisfaction", kwargs={"public_id": attendee.event.public_id}))
    )
    assert "4,0 / 5" in body and "2,0 / 5" in body and "Trop court" in body
    body = text(client.get(reverse("training:satisfaction_by_theme")))
    assert attendee.event.theme in body and "4,0 / 5" in body


def test_the_public_event_list_shows_only_upcoming_published_events(client, network, event):
    EventFactory(network=network, title="Brouillon secret")
    past = published_event(network, days_ahead=-3, title="Soirée passée")
    body = text(client.get(reverse("public:event_list", kwargs={"slug": network.slug})))
    assert event.title in body
    assert "Brouillon secret" not in body and past.title not in body
