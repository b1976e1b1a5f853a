"""User journeys of the single entry point, in Chromium (CSP violations fail the test)."""

import pytest
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.accounts.tests.factories import MembershipFactory
from maillage.intake import forms as intake_forms
from maillage.intake.models import Status, SupportRequest
from maillage.patients.models import Consent, Enrolment
from maillage.patients.tests.factories import CommuneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _short_fill_time(monkeypatch):
    monkeypatch.setattr(intake_forms, "MIN_FILL_SECONDS", 1)


def test_a_family_member_gets_a_receipt_and_reception_qualifies_it(
    page, live_url, network, reception, authenticated_page, assert_accessible
):
    CommuneFactory(insee_code="44109", name="Nantes", postal_code="44000")
    page.goto(live_url(f"/demandes/en-ligne/{network.slug}/"))
    assert_accessible(page)
    page.get_by_label("Votre nom").fill("Claire Fontaine")
    page.get_by_label("Vous êtes").select_option(label="Famille, proche")
    page.get_by_label("Courriel du demandeur").fill("claire.fontaine@example.org")
    page.get_by_label("Nom de la personne").fill("FONTAINE")
    page.get_by_label("Code postal de la personne").fill("44000")
    page.get_by_label("Commune de la personne").fill("Nantes")
    page.get_by_label("Maintien à domicile difficile").check()
    page.get_by_label("Description de la situation").fill("Mon père vit seul et chute.")
    page.get_by_label("J'ai lu les informations").check()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Envoyer la demande").click()
    receipt = page.get_by_test_id("receipt").inner_text()
    req = SupportRequest.objects.get()
    assert receipt == req.receipt_number and req.person_commune_id == "44109"
    assert_accessible(page)

    authenticated_page(reception)
    page.goto(live_url("/demandes/"))
    assert page.get_by_test_id("count-a_qualifier").inner_text() == "1"
    page.get_by_role("link", name=receipt).click()
    assert_accessible(page)
    page.get_by_role("button", name="Prendre la demande").click()
    assert page.get_by_test_id("status").inner_text() == "En qualification"
    page.get_by_label("Aidant épuisé").check()
    page.get_by_role("button", name="Enregistrer le repérage").click()
    page.get_by_label("Réponse donnée").fill("Orientation vers la plateforme de répit.")
    page.get_by_role("button", name="Clore avec cette réponse").click()
    assert page.get_by_test_id("status").inner_text() == "Réponse donnée (niveau 1)"
    req.refresh_from_db()
    assert req.complexity == ["carer_exhausted"] and req.decided_at is not None


def test_a_gps_phone_request_ends_with_an_enrolled_patient(
    page, live_url, network, reception, coordinator, authenticated_page, assert_accessible
):
    authenticated_page(reception)
    page.goto(live_url("/demandes/nouvelle/"))
    page.get_by_label("Canal").select_option(label="Téléphone")
    page.get_by_label("Nom du demandeur").fill("Dr Antoine Lemoine")
    page.get_by_label("Qualité du demandeur").select_option(label="Médecin généraliste")
    page.get_by_label("Téléphone du demandeur").fill("02 40 11 22 33")
    page.get_by_label("Nom de la personne").fill("BERNIER")
    page.get_by_label("Prénoms de la personne").fill("Odette")
    page.get_by_label("Date de naissance").fill("1936-02-11")
    page.get_by_label("Besoin de coordination des soins").check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la demande").click()
    req = SupportRequest.objects.get()

    authenticated_page(coordinator)
    page.goto(live_url(f"/demandes/{req.public_id}/"))
    page.get_by_role("button", name="Prendre la demande").click()
    page.get_by_label("Motif ou note").fill("Situation complexe, GP demandeur.")
    page.get_by_role("button", name="Accepter (accompagnement)").click()
    page.get_by_role("button", name="Inclure la personne").click()
    page.wait_for_url(lambda url: "/inclure/" in url)
    today = timezone.localdate().isoformat()
    page.get_by_label("Coordinateur·rice référent·e").select_option(str(coordinator.pk))
    page.get_by_label("Accord de la personne recueilli le").fill(today)
    page.get_by_label("Accord du médecin traitant recueilli le").fill(today)
    page.get_by_label("Sexe").select_option(label="Féminin")
    assert_accessible(page)
    page.get_by_role("button", name="Inclure la personne").click()
    assert page.get_by_test_id("status").inner_text() == "Inclusion faite"
    req.refresh_from_db()
    assert req.status == Status.ENROLLED
    assert Enrolment.objects.filter(patient=req.patient, closed_on__isnull=True).exists()
    assert Consent.objects.filter(patient=req.patient, kind="sharing").exists()


def test_a_request_for_another_commune_is_forwarded_to_the_other_network(
    page, live_url, network, other_network, reception, authenticated_page, assert_accessible
):
    other_reception = MembershipFactory(network=other_network, role=Role.RECEPTION).user
    commune = CommuneFactory(insee_code="85191", name="La Roche-sur-Yon", postal_code="85000")
    from maillage.intake.tests.factories import SupportRequestFactory

    req = SupportRequestFactory(network=network, person_commune=commune)
    authenticated_page(reception)
    page.goto(live_url(f"/demandes/{req.public_id}/"))
    page.get_by_label("Réseau destinataire").select_option(label=other_network.name)
    page.get_by_label("Note de transmission").fill("La personne habite sur votre territoire.")
    page.get_by_role("button", name="Transmettre").click()
    page.wait_for_url(live_url("/demandes/"))
    assert page.get_by_test_id("count-a_qualifier").inner_text() == "0"
    assert page.get_by_role("link", name=req.receipt_number).count() == 0
    assert_accessible(page)

    authenticated_page(other_reception)
    page.goto(live_url("/demandes/"))
    assert page.get_by_test_id("count-a_qualifier").inner_text() == "1"
    page.get_by_text(f"transmise par {network.name}").wait_for()
    copy = SupportRequest.objects.get(network=other_network)
    assert copy.person_birth_name == req.person_birth_name


def test_reception_picks_requester_gp_and_commune_with_the_keyboard(
    page, live_url, network, other_network, reception, authenticated_page, assert_accessible
):
    from maillage.directory.tests.factories import ActivityFactory, ProfessionalFactory
    from maillage.networks.models import Coverage
    from maillage.networks.tests.factories import ThematicFactory

    gp = ProfessionalFactory(
        last_name="LEMOINE", first_name="ANTOINE", search_name="lemoine antoine"
    )
    ActivityFactory(professional=gp, name="Cabinet du Port", phone="02 40 11 22 33")
    CommuneFactory(insee_code="85191", name="La Roche-sur-Yon", postal_code="85000")
    Coverage.objects.create(
        network=other_network, thematic=ThematicFactory(code="geronto"), departement="85"
    )
    authenticated_page(reception)
    page.goto(live_url("/demandes/nouvelle/"))
    requester = page.get_by_role("combobox", name="Nom du demandeur")
    requester.press_sequentially("lemoyn")
    option = page.get_by_role("option", name="Antoine LEMOINE")
    option.wait_for()
    assert requester.get_attribute("aria-expanded") == "true"
    assert_accessible(page)
    requester.press("ArrowDown")
    assert requester.get_attribute("aria-activedescendant") == option.get_attribute("id")
    requester.press("Enter")
    assert requester.get_attribute("aria-expanded") == "false"
    assert requester.input_value() == "Antoine LEMOINE"
    assert page.get_by_label("Téléphone du demandeur").input_value() == "02 40 11 22 33"
    page.get_by_text("Lié à l'annuaire : Antoine LEMOINE").wait_for()

    gp_box = page.get_by_role("combobox", name="Médecin traitant")
    gp_box.press_sequentially("Lemoine")
    page.get_by_role("listbox", name="Médecins de l'annuaire proposés").get_by_role(
        "option"
    ).first.wait_for()
    gp_box.press("ArrowDown")
    gp_box.press("Enter")

    commune = page.get_by_role("combobox", name="Commune de la personne")
    commune.press_sequentially("la roche")
    page.get_by_role("option", name="La Roche-sur-Yon").wait_for()
    commune.press("Escape")
    assert commune.get_attribute("aria-expanded") == "false"
    commune.press("ArrowDown")
    commune.press("Enter")
    assert page.get_by_label("Code postal de la personne").input_value() == "85000"
    hint = page.get_by_test_id("routing-hint")
    hint.wait_for()
    assert other_network.name in hint.inner_text()

    page.get_by_label("Nom de la personne").fill("BERNIER")
    # Sent without a reason: the page comes back with the error, the choices still linked.
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_text("« Motifs de la demande » : cochez au moins un motif.").wait_for()
    page.get_by_text("Lié à l'annuaire : Antoine LEMOINE").first.wait_for()
    page.get_by_text("Commune choisie dans la liste : La Roche-sur-Yon").wait_for()
    page.get_by_label("Besoin de coordination des soins").check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_test_id("status").wait_for()
    req = SupportRequest.objects.get()
    assert req.requester_professional == gp and req.gp_professional == gp
    assert req.person_commune_id == "85191"
    assert page.get_by_test_id("gp-link").inner_text() == "Antoine LEMOINE"


def test_a_visitor_taps_a_commune_and_sends_several_attachments(
    page, live_url, network, other_network, assert_accessible, tmp_path
):
    from maillage.files.models import StoredFile
    from maillage.files.tests import samples
    from maillage.networks.models import Coverage
    from maillage.networks.tests.factories import ThematicFactory

    CommuneFactory(insee_code="85191", name="La Roche-sur-Yon", postal_code="85000")
    Coverage.objects.create(
        network=other_network, thematic=ThematicFactory(code="geronto"), departement="85"
    )
    files = []
    for name in ("compte-rendu.pdf", "courrier.pdf"):
        path = tmp_path / name
        path.write_bytes(samples.pdf())
        files.append(str(path))
    page.goto(live_url(f"/demandes/en-ligne/{network.slug}/"))
    page.get_by_label("Votre nom").fill("Claire Fontaine")
    page.get_by_label("Vous êtes").select_option(label="Famille, proche")
    page.get_by_label("Courriel du demandeur").fill("claire.fontaine@example.org")
    page.get_by_role("combobox", name="Commune de la personne").press_sequentially("85000")
    page.get_by_role("option", name="La Roche-sur-Yon").click()
    hint = page.get_by_test_id("routing-hint")
    hint.wait_for()
    assert hint.get_by_role("link", name=other_network.name).count() == 1
    page.get_by_label("Maintien à domicile difficile").check()
    page.get_by_label("Description de la situation").fill("Mon père vit seul et chute.")
    page.get_by_label("Pièces jointes").set_input_files(files)
    page.get_by_label("J'ai lu les informations").check()
    assert_accessible(page)
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_test_id("receipt").wait_for()
    req = SupportRequest.objects.get()
    assert req.person_commune_id == "85191"
    assert StoredFile.objects.filter(owner_public_id=req.public_id).count() == 2


def test_a_lying_attachment_is_refused_by_name_and_nothing_is_saved(
    page, live_url, network, assert_accessible, tmp_path
):
    from maillage.files.models import StoredFile
    from maillage.files.tests import samples

    good, bad = tmp_path / "bilan.pdf", tmp_path / "ordonnance.pdf"
    good.write_bytes(samples.pdf())
    bad.write_bytes(samples.executable())
    page.goto(live_url(f"/demandes/en-ligne/{network.slug}/"))
    page.get_by_label("Votre nom").fill("Claire Fontaine")
    page.get_by_label("Courriel du demandeur").fill("claire.fontaine@example.org")
    page.get_by_label("Maintien à domicile difficile").check()
    page.get_by_label("Pièces jointes").set_input_files([str(good), str(bad)])
    page.get_by_label("J'ai lu les informations").check()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_role("alert").filter(has_text="« ordonnance.pdf » refusé").wait_for()
    assert_accessible(page)
    assert not SupportRequest.objects.exists() and not StoredFile.all_objects.exists()
