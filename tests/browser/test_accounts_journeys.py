"""Browser journeys: the network administrator manages the team; a user resets a forgotten
password from the email link and logs in again with the second factor."""

import re

import pytest
from django.core import mail

from maillage.accounts.models import Membership
from maillage.accounts.testing import current_totp, totp_device_for

NEW_PASSWORD_LABEL = re.compile(r"^Nouveau mot de passe")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_network_admin_adds_a_member_changes_a_role_and_deactivates_someone(
    authenticated_page, network_admin, coordinator, reception, assert_accessible
):
    page = authenticated_page(network_admin)
    page.goto("/")
    page.get_by_role("link", name="Équipe").click()
    assert page.get_by_role("heading", name="Équipe du réseau").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Ajouter un membre").click()
    page.get_by_role("button", name="Ajouter").click()  # empty form: French messages
    assert page.get_by_text("Indiquez l'adresse électronique.").is_visible()
    assert_accessible(page)
    page.get_by_label("Adresse électronique professionnelle").fill("lea.nouvelle@maillage.example")
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Nouvelle")
    page.get_by_label("Rôle").select_option("coordinator")
    page.get_by_label("Temps de travail (ETP)").fill("0,8")
    page.get_by_role("button", name="Ajouter").click()
    assert page.get_by_text("une invitation lui a été envoyée").is_visible()
    assert page.get_by_test_id("members").get_by_text("Invitation en attente").is_visible()
    assert mail.outbox[-1].to == ["lea.nouvelle@maillage.example"]

    page.get_by_role("link", name=f"Modifier le rôle de {coordinator.full_name}").click()
    page.get_by_label("Nouveau rôle").select_option("medical_lead")
    page.get_by_role("button", name="Enregistrer le rôle").click()
    assert page.get_by_text(f"Rôle de {coordinator.full_name} : Médecin coordonnateur").is_visible()

    page.get_by_role("link", name=f"Désactiver {reception.full_name}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Désactiver").click()
    assert page.get_by_text(f"{reception.full_name} ne fait plus partie de l'équipe").is_visible()
    assert not Membership.objects.get(user=reception).is_active
    assert Membership.objects.get(user=coordinator).role == "medical_lead"


def test_a_user_resets_a_forgotten_password_from_the_email_link(
    page, live_url, coordinator, assert_accessible
):
    totp_device_for(coordinator)
    page.goto(live_url("/compte/connexion/"))
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse électronique").fill(coordinator.email)
    page.get_by_role("button", name="Recevoir le lien").click()
    assert page.get_by_role("heading", name="Demande envoyée").is_visible()
    assert_accessible(page)

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label(NEW_PASSWORD_LABEL).fill("court")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("court")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("trop court").first.is_visible()
    new_password = "Brume-sur-la-Vienne-2026"
    page.get_by_label(NEW_PASSWORD_LABEL).fill(new_password)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(new_password)
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("heading", name="Mot de passe modifié").is_visible()

    page.get_by_role("link", name="Connectez-vous").click()
    page.get_by_label("Adresse électronique").fill(coordinator.email)
    page.get_by_label("Mot de passe").fill(new_password)
    page.get_by_role("button", name="Continuer").click()
    # The second factor is still required after a reset.
    page.get_by_label("Code à 6 chiffres").fill(current_totp(coordinator))
    page.get_by_role("button", name="Valider").click()
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
