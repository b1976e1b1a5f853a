"""User journeys of the patient's record, in Chromium."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.utils import timezone

from maillage.accounts.models import EncryptedTOTPDevice, Role, User
from maillage.accounts.tests.factories import MembershipFactory
from maillage.patients.models import Patient
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    CommuneFactory,
    EnrolmentFactory,
    PatientFactory,
    ProfessionalFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page):
    """CSP violations and JS errors on a second browser context fail the test too."""
    problems = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def _current_code(user) -> str:
    device = EncryptedTOTPDevice.objects.get(user=user, confirmed=False)
    totp = device.totp()
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_a_coordinator_builds_a_record_and_the_invited_gp_loses_access_on_objection(
    login_page, coordinator, network, browser, live_server, assert_accessible
):
    today = timezone.localdate().isoformat()
    CommuneFactory(insee_code="44109", name="Nantes", postal_code="44000")
    CommuneFactory(insee_code="44143", name="Rezé", postal_code="44400")
    PatientFactory(
        network=network,
        birth_name="LEFEVRE DUBOIS",
        first_names="Eloise",
        birth_date=datetime.date(1938, 4, 3),
    )
    gp = ProfessionalFactory(last_name="GENERALISTE", first_name="Antoine", profession="Médecin")
    elsewhere = PatientFactory(network=network)
    EnrolmentFactory(patient=elsewhere, lead_coordinator=coordinator)
    CareTeamMemberFactory(patient=elsewhere, role="nurse")

    # 1. The coordinator creates the record: a duplicate is proposed before anything is saved.
    page = login_page(coordinator)
    page.goto(live_server.url + "/patients/nouveau/")
    page.get_by_label("Nom de naissance").fill("Lefèvre-Dubois")
    page.get_by_label("Prénoms de naissance").fill("Éloïse Marie")
    page.get_by_label("Date de naissance").fill("1938-04-03")
    page.get_by_label("Féminin").check()
    page.get_by_label("Code postal").fill("44400")
    page.locator("#id_commune option", has_text="Rezé").wait_for(state="attached")
    page.locator("#id_commune").select_option(label="Rezé")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le dossier").click()
    duplicates = page.get_by_test_id("duplicates")
    assert "LEFEVRE DUBOIS Eloise" in duplicates.inner_text()
    assert "même date de naissance" in duplicates.inner_text()
    assert Patient.objects.count() == 2
    page.get_by_label("il s'agit d'une autre personne").check()
    page.get_by_role("button", name="Enregistrer le dossier").click()
    banner = page.get_by_test_id("patient-banner")
    assert "LEFÈVRE-DUBOIS Éloïse" in banner.inner_text()
    assert "Pas de médecin traitant déclaré" in banner.inner_text()
    patient = Patient.objects.get(first_names="Éloïse Marie")
    assert patient.commune_id == "44143"
    assert_accessible(page)

    # 2. Inclusion, consent, carers.
    page.get_by_role("link", name="Inclusion").click()
    page.get_by_label("Coordinateur·rice référent·e").select_option(label=str(coordinator))
    page.get_by_label("Date d'inclusion").fill(today)
    page.get_by_role("button", name="Inclure").click()
    assert "En cours" in page.get_by_test_id("enrolments").inner_text()

    page.get_by_role("link", name="Consentement").click()
    page.get_by_label("Date de recueil").fill(today)
    page.get_by_label("Le texte d'information ci-dessus a été lu").check()
    page.get_by_role("button", name="Enregistrer la déclaration").click()
    assert "En vigueur" in page.get_by_test_id("consents").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Journal").click()
    page.locator("summary", has_text="Ajouter une entrée").click()
    page.get_by_label("Contenu").fill("Appel de la fille : pas d'accueil de jour disponible.")
    page.get_by_label("Rupture de parcours ou besoin non couvert").select_option(
        label="Besoin non couvert"
    )
    page.get_by_role("button", name="Ajouter au journal").click()
    assert "Besoin non couvert" in page.get_by_test_id("journal").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Aidants et contacts").click()
    page.get_by_label("Nom (obligatoire)", exact=True).fill("Dubois")
    page.get_by_label("Prénom", exact=True).fill("Claire")
    page.get_by_label("Lien avec le patient").select_option(label="Enfant")
    page.get_by_label("Aidant principal").check()
    page.get_by_label("Personne de confiance").check()
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Ajouter").click()
    carers = page.get_by_test_id("carers").inner_text()
    assert "Claire Dubois" in carers and "Personne de confiance" in carers
    assert_accessible(page)

    # 3. The care team: the GP found in the directory, then invited.
    page.get_by_role("link", name="Équipe de soins").click()
    page.get_by_label("Rôle (obligatoire)", exact=True).select_option(label="Médecin traitant")
    page.get_by_label("Rechercher dans l'annuaire").fill("generaliste")
    page.get_by_label(re.compile("Dr Antoine GENERALISTE")).check()
    page.get_by_label("Date de début").fill(today)
    assert_accessible(page)
    page.get_by_role("button", name="Ajouter à l'équipe").click()
    team = page.get_by_test_id("care-team").inner_text()
    assert "Dr Antoine GENERALISTE" in team and "Médecin traitant" in team
    page.get_by_test_id("care-team").get_by_role("link", name="Modifier").click()
    page.get_by_label("Adresse électronique du professionnel").fill("dr.generaliste@exemple.fr")
    page.get_by_role("button", name="Envoyer une invitation").click()
    assert "Invitation envoyée" in page.locator(".messages").inner_text()
    link = re.search(r"http\S+/patients/invitation/\S+/", mail.outbox[-1].body).group(0)
    path = link[link.index("/patients/") :]

    # 4. The GP accepts: password, then the second factor, then only this patient.
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    gp_page = context.new_page()
    problems = _watch(gp_page)
    gp_page.goto(live_server.url + path)
    gp_page.get_by_label("Nouveau mot de passe (obligatoire)", exact=True).fill(
        "Un-mot-de-passe-solide-2026"
    )
    gp_page.get_by_label("Confirmation du nouveau mot de passe").fill("Un-mot-de-passe-solide-2026")
    gp_page.get_by_role("button", name="Choisir ce mot de passe").click()
    assert "/compte/2fa/enrolement/" in gp_page.url
    gp_user = User.objects.get(email="dr.generaliste@exemple.fr")
    gp_page.goto(live_server.url + f"/patients/{patient.public_id}/")
    assert "/compte/2fa/" in gp_page.url  # nothing before the second factor
    gp_page.goto(live_server.url + "/compte/2fa/enrolement/")
    gp_page.get_by_label("Code à 6 chiffres").fill(_current_code(gp_user))
    gp_page.get_by_role("button", name="Activer").click()
    gp_page.get_by_test_id("recovery-codes").wait_for()
    gp_page.get_by_role("link", name="Mes patients").click()
    rows = gp_page.get_by_test_id("my-patients").locator("tbody tr")
    assert rows.count() == 1
    assert "LEFÈVRE-DUBOIS Éloïse" in rows.inner_text()
    assert gp.display_name
    rows.get_by_role("link").click()
    assert "LEFÈVRE-DUBOIS" in gp_page.get_by_test_id("patient-banner").inner_text()
    assert_accessible(gp_page)
    response = gp_page.goto(live_server.url + f"/patients/{elsewhere.public_id}/")
    assert response.status == 404

    # 5. The patient objects to this GP: access ends at the GP's next request.
    page.get_by_role("link", name="Consentement").click()
    page.get_by_label("Déclaration").select_option(label="Opposition au partage")
    page.get_by_label("Membres désignés de l'équipe de soins").check()
    page.get_by_label(re.compile("Dr Antoine GENERALISTE")).check()
    page.get_by_label("Date de recueil").fill(today)
    page.get_by_label("Le texte d'information ci-dessus a été lu").check()
    page.get_by_role("button", name="Enregistrer la déclaration").click()
    assert "Opposition au partage visant" in page.get_by_test_id("patient-alerts").inner_text()
    response = gp_page.goto(live_server.url + f"/patients/{patient.public_id}/")
    assert response.status == 404
    gp_page.goto(live_server.url + "/patients/mes-patients/")
    assert "Aucun patient" in gp_page.get_by_test_id("my-patients").inner_text()
    context.close()
    assert not problems, problems


def test_an_identitovigilance_referent_merges_tricky_duplicates_and_undoes_it(
    login_page, network, live_server, assert_accessible
):
    referent = MembershipFactory(
        network=network, role=Role.COORDINATOR, can_merge_identities=True
    ).user
    born = datetime.date(1947, 2, 11)
    kept = PatientFactory(
        network=network, birth_name="N'Diaye", first_names="Marie-Thérèse", birth_date=born
    )
    other = PatientFactory(
        network=network, birth_name="NDIAYE", first_names="Marie Therese Awa", birth_date=born
    )
    page = login_page(referent)
    page.goto(live_server.url + f"/patients/{kept.public_id}/")
    page.get_by_role("button", name="Rechercher des doublons").click()
    assert other.display_name in page.get_by_test_id("duplicates").inner_text()
    page.get_by_role("button", name="Fusionner…").click()
    assert_accessible(page)
    page.get_by_label("N'DIAYE Marie-Thérèse, né·e le 11/02/1947").check()
    page.get_by_label("Motif de la fusion").fill("Même personne, prénoms sans accents.")
    page.get_by_label("J'ai vérifié qu'il s'agit de la même personne").check()
    page.get_by_role("button", name="Fusionner").click()
    assert "Dossiers fusionnés" in page.locator(".messages").inner_text()
    other.refresh_from_db()
    assert other.merged_into == kept
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Annuler la fusion").click()
    assert "Fusion annulée" in page.locator(".messages").inner_text()
    other.refresh_from_db()
    assert other.merged_into is None
