"""Browser journeys: staff publish an event, professionals register from the public page, one
lands on the waiting list and is promoted after a cancellation, staff print the sheet and the
certificates."""

import io
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from pypdf import PdfReader

from maillage.training.models import Event, RegistrationStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf_text(download) -> str:
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    return "\n".join(p.extract_text() for p in reader.pages)


def _register(page, first, last, email):
    page.locator("#id_first_name").fill(first)
    page.locator("#id_last_name").fill(last)
    page.get_by_label("Profession").select_option(label="Infirmier·e")
    page.get_by_label("Adresse électronique").fill(email)


def test_publish_register_wait_cancel_promote_and_print(
    authenticated_page, visitor_page, live_url, coordinator, assert_accessible
):
    staff = authenticated_page(coordinator)
    # Staff create a draft, give it a slot and publish it.
    staff.goto(live_url("/formations/nouveau/"))
    staff.get_by_label("Titre").fill("Soirée chimiothérapie orale")
    staff.get_by_label("Thème").fill("Chimiothérapie orale")
    staff.get_by_label("Format (obligatoire)").select_option(label="Soirée d'information")
    staff.get_by_label("Présentation courte").fill("Les bons réflexes à domicile.")
    staff.get_by_label("Adresse du lieu").fill("12 rue des Tanneurs, Nantes")
    staff.get_by_label("Nombre de places").fill("1")
    staff.get_by_role("button", name="Enregistrer").click()
    staff.get_by_text("Ajouter un créneau").click()
    staff.get_by_label("Date").fill("2099-03-12")
    staff.get_by_label("Heure de début").fill("18:30")
    staff.get_by_label("Heure de fin").fill("21:00")
    staff.get_by_role("button", name="Ajouter le créneau").click()
    assert_accessible(staff)
    staff.get_by_role("button", name="Publier l'événement").click()
    staff.get_by_text("Événement publié").wait_for()
    event = Event.objects.get(title="Soirée chimiothérapie orale")
    public_path = f"/reseaux/{event.network.slug}/formations/{event.public_id}/"

    # A nurse registers from the public page, without an account.
    first = visitor_page()
    first.goto(live_url(public_path))
    assert_accessible(first)
    _register(first, "Jeanne", "Martin", "jeanne.martin@exemple.fr")
    first.get_by_role("button", name="M'inscrire", exact=True).click()
    first.get_by_role("heading", name="Inscription confirmée").wait_for()
    assert_accessible(first)

    # Another one finds the event full and joins the waiting list.
    second = visitor_page()
    second.goto(live_url(public_path))
    second.get_by_text("L'événement est complet").wait_for()
    _register(second, "Paul", "Durand", "paul.durand@exemple.fr")
    second.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    second.get_by_role("heading", name="Vous êtes sur la liste d'attente").wait_for()

    # The first cancels through the signed link of her email: opening it changes nothing.
    confirmation = next(m for m in mail.outbox if m.to == ["jeanne.martin@exemple.fr"])
    cancel_link = re.search(r"https?://\S+/inscriptions/annulation/\S+/", confirmation.body)
    first.goto(live_url(urlparse(cancel_link.group(0)).path))
    assert event.registrations.get(email="jeanne.martin@exemple.fr").status == "registered"
    assert_accessible(first)
    first.get_by_role("button", name="Confirmer l'annulation de mon inscription").click()
    first.get_by_role("heading", name="Inscription annulée").wait_for()

    # The next person is promoted and told by email.
    promoted = event.registrations.get(email="paul.durand@exemple.fr")
    assert promoted.status == RegistrationStatus.REGISTERED
    assert any(
        m.to == ["paul.durand@exemple.fr"] and "Une place s'est libérée" in m.subject
        for m in mail.outbox
    )

    # Staff print the attendance sheet, record attendance and print the certificates.
    staff.goto(live_url(f"/formations/{event.public_id}/inscriptions/"))
    assert_accessible(staff)
    with staff.expect_download() as sheet:
        staff.get_by_role("button", name="Feuille d'émargement (PDF)").click()
    sheet_text = _pdf_text(sheet.value)
    assert "Feuille d'émargement" in sheet_text and "DURAND" in sheet_text
    assert "MARTIN" not in sheet_text
    staff.get_by_label("Paul Durand présent·e").check()
    staff.get_by_role("button", name="Enregistrer les présences").click()
    staff.get_by_text("Présences enregistrées : 1").wait_for()
    with staff.expect_download() as certificates:
        staff.get_by_role("button", name="Toutes les attestations (PDF)").click()
    certificate_text = _pdf_text(certificates.value)
    assert "Attestation de présence" in certificate_text
    assert "Paul DURAND" in certificate_text and "Soirée chimiothérapie orale" in certificate_text


def test_after_the_event_attendees_answer_and_staff_read_results_per_event_and_theme(
    authenticated_page, visitor_page, live_url, coordinator, network, assert_accessible
):
    from maillage.training.models import EventStatus
    from maillage.training.tests.factories import RegistrationFactory, published_event

    event = published_event(network, days_ahead=-1, title="Soirée douleur", theme="Douleur")
    event.status = EventStatus.HELD
    event.save()
    RegistrationFactory(event=event, attended=True, email="present@exemple.fr")
    RegistrationFactory(event=event, attended=False, email="absent@exemple.fr")

    # Staff send the short questionnaire to the attendees (not to the absent person).
    staff = authenticated_page(coordinator)
    staff.goto(live_url(f"/formations/{event.public_id}/satisfaction/"))
    assert_accessible(staff)
    staff.get_by_role("button", name=re.compile("Envoyer le questionnaire")).click()
    staff.wait_for_load_state()
    invitation = next(m for m in mail.outbox if m.to == ["present@exemple.fr"])
    assert not [m for m in mail.outbox if m.to == ["absent@exemple.fr"]]
    link = re.search(r"https?://\S+/inscriptions/satisfaction/\S+/", invitation.body).group(0)

    # The attendee answers; a missing answer is named in French first.
    visitor = visitor_page()
    visitor.goto(live_url(urlparse(link).path))
    visitor.get_by_role("group", name=re.compile("Appréciation générale")).get_by_label(
        "4 — Satisfait·e"
    ).check()
    visitor.get_by_role("button", name="Envoyer mon avis").click()
    visitor.get_by_text("Utilité pour votre pratique : ce champ est obligatoire.").wait_for()
    assert_accessible(visitor)
    visitor.get_by_role("group", name=re.compile("Utilité pour votre pratique")).get_by_label(
        "5 — Très utile"
    ).check()
    visitor.get_by_label("Commentaire (facultatif)").fill("Des cas concrets, merci.")
    visitor.get_by_role("button", name="Envoyer mon avis").click()
    visitor.get_by_text("Merci pour votre avis").first.wait_for()
    assert_accessible(visitor)

    # Staff read the results of the event, then per theme.
    staff.goto(live_url(f"/formations/{event.public_id}/satisfaction/"))
    assert staff.get_by_test_id("answers").inner_text() == "1"
    assert staff.get_by_text("Des cas concrets, merci.").is_visible()
    staff.goto(live_url("/formations/satisfaction/"))
    row = staff.get_by_role("row", name=re.compile("Douleur"))
    assert "4,0 / 5" in row.inner_text() and "5,0 / 5" in row.inner_text()
    assert_accessible(staff)
