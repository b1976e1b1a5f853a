"""The network administrator's team pages: right role, wrong roles (404), other network (404),
anonymous, forged requests (404 or refusal, audited, nothing changed)."""

import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import EncryptedTOTPDevice, Membership, RecoveryCodeDevice, Role
from maillage.accounts.services import recovery_codes_generate
from maillage.accounts.testing import totp_device_for
from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit.models import AuditEvent

LIST = reverse("accounts:member_list")
ADD = reverse("accounts:member_add")
REFUSED = "accounts.membership.change_refused"
OTHERS = ["reception", "coordinator", "medical_lead", "director", "external_outside"]


def _role_url(membership) -> str:
    return reverse("accounts:member_role", args=[membership.public_id])


@pytest.fixture
def admin_client(client_for, network_admin):
    return client_for(network_admin)


def test_the_admin_lists_the_members_paginated(
    admin_client, network, django_assert_max_num_queries
):
    for _ in range(30):
        MembershipFactory(network=network)
    # session, user, device, membership, count, page, session save (in a savepoint)
    with django_assert_max_num_queries(9):
        response = admin_client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "31 membres" in page
    assert "Page 1 sur 2" in page
    assert admin_client.get(LIST + "?page=2").status_code == 200


def test_the_list_shows_only_this_network(admin_client, coordinator_other_network):
    page = admin_client.get(LIST).content.decode()
    assert coordinator_other_network.email not in page


@pytest.mark.parametrize(
    "persona", [*OTHERS, "coordinator_other_network", "superuser_without_membership"]
)
@pytest.mark.parametrize("url", [LIST, ADD])
def test_other_roles_get_404(request, client_for, persona, url):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login():
    response = Client().get(LIST)
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_admin_adds_a_member(admin_client, network):
    response = admin_client.post(
        ADD,
        {
            "email": "camille.nouvelle@maillage.example",
            "first_name": "Camille",
            "last_name": "Nouvelle",
            "role": "reception",
            "profession": "Secrétaire",
            "fte": "0,5",
        },
    )
    assert response["Location"] == LIST
    membership = Membership.objects.get(user__email="camille.nouvelle@maillage.example")
    assert membership.network == network and membership.role == "reception"
    assert len(mail.outbox) == 1
    assert "invitation lui a été envoyée" in admin_client.get(LIST).content.decode()


def test_the_add_form_explains_each_error_in_french(admin_client):
    response = admin_client.post(ADD, {"email": "pas-une-adresse", "role": "chef", "fte": "2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Adresse électronique invalide" in page
    assert "Indiquez le prénom." in page
    assert "Rôle inconnu" in page
    assert "ne peut pas dépasser 1" in page
    assert not Membership.objects.filter(user__email="pas-une-adresse").exists()


def test_the_admin_changes_a_role(admin_client, coordinator):
    membership = coordinator.memberships.get()
    response = admin_client.post(_role_url(membership), {"role": "medical_lead"})
    assert response["Location"] == LIST
    membership.refresh_from_db()
    assert membership.role == "medical_lead"


def test_a_role_change_needs_a_recent_reauthentication(client_for, network_admin, coordinator):
    client = client_for(network_admin, reauth=False)
    membership = coordinator.memberships.get()
    url = _role_url(membership)
    response = client.post(url, {"role": "director"})
    assert response["Location"].startswith(reverse("accounts:reauth"))
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_the_admin_cannot_change_their_own_role(admin_client, network_admin):
    own = network_admin.memberships.get()
    response = admin_client.post(_role_url(own), {"role": "director"})
    assert response.status_code == 200
    assert "Vous ne pouvez pas modifier votre propre rôle" in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.NETWORK_ADMIN
    event = AuditEvent.objects.get(action=REFUSED)
    assert event.details["reason"] == "own_role"


def test_a_forged_role_change_on_another_network_is_404_audited_and_changes_nothing(
    admin_client, coordinator_other_network
):
    membership = coordinator_other_network.memberships.get()
    response = admin_client.post(_role_url(membership), {"role": "network_admin"})
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    event = AuditEvent.objects.get(action=REFUSED)
    assert event.target_uuid == membership.public_id


def test_a_forged_role_value_is_refused_and_audited(admin_client, coordinator):
    membership = coordinator.memberships.get()
    response = admin_client.post(_role_url(membership), {"role": "superuser"})
    assert "Rôle inconnu" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    assert AuditEvent.objects.get(action=REFUSED).details["reason"] == "invalid_role"


@pytest.mark.parametrize("persona", ["director", "coordinator", "coordinator_other_network"])
def test_a_role_change_by_another_role_is_404_audited_and_changes_nothing(
    request, client_for, persona, reception
):
    membership = reception.memberships.get()
    client = client_for(request.getfixturevalue(persona))
    response = client.post(_role_url(membership), {"role": "network_admin"})
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.RECEPTION
    assert AuditEvent.objects.filter(action=REFUSED).count() == 1


def test_an_unknown_membership_is_404(admin_client):
    url = reverse("accounts:member_role", args=[uuid.uuid4()])
    assert admin_client.get(url).status_code == 404


def test_the_admin_deactivates_a_member(admin_client, client_for, coordinator):
    coordinator_client = client_for(coordinator)
    membership = coordinator.memberships.get()
    url = reverse("accounts:member_deactivate", args=[membership.public_id])
    assert "n'aura plus accès" in admin_client.get(url).content.decode()
    assert admin_client.post(url)["Location"] == LIST
    membership.refresh_from_db()
    assert not membership.is_active
    # The member is out at their next request.
    assert coordinator_client.get("/tableau-de-bord/").status_code in (302, 404)


def test_the_admin_cannot_deactivate_themselves(admin_client, network_admin):
    own = network_admin.memberships.get()
    url = reverse("accounts:member_deactivate", args=[own.public_id])
    response = admin_client.post(url)
    assert "Vous ne pouvez pas désactiver votre propre compte" in response.content.decode()
    own.refresh_from_db()
    assert own.is_active


def test_deactivating_another_networks_member_is_404(admin_client, coordinator_other_network):
    membership = coordinator_other_network.memberships.get()
    url = reverse("accounts:member_deactivate", args=[membership.public_id])
    assert admin_client.post(url).status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_the_admin_resets_a_members_second_factor(admin_client, client_for, coordinator):
    totp_device_for(coordinator)
    recovery_codes_generate(user=coordinator)
    coordinator_client = client_for(coordinator)
    url = reverse("accounts:member_otp_reset", args=[coordinator.memberships.get().public_id])
    assert admin_client.post(url)["Location"] == LIST
    assert not EncryptedTOTPDevice.objects.filter(user=coordinator).exists()
    assert not RecoveryCodeDevice.objects.filter(user=coordinator).exists()
    assert coordinator_client.get("/tableau-de-bord/").status_code == 302
    event = AuditEvent.objects.get(action="accounts.otp.reset")
    assert event.target_uuid == coordinator.public_id


def test_a_second_factor_reset_needs_a_recent_reauthentication(
    client_for, network_admin, coordinator
):
    device = totp_device_for(coordinator)
    client = client_for(network_admin, reauth=False)
    url = reverse("accounts:member_otp_reset", args=[coordinator.memberships.get().public_id])
    assert client.post(url)["Location"].startswith(reverse("accounts:reauth"))
    assert EncryptedTOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_admin_cannot_reset_their_own_second_factor_here(admin_client, network_admin):
    device = totp_device_for(network_admin)
    url = reverse("accounts:member_otp_reset", args=[network_admin.memberships.get().public_id])
    response = admin_client.post(url)
    assert "propre double authentification" in response.content.decode()
    assert EncryptedTOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_admin_resends_an_invitation(admin_client, network, network_admin):
    from maillage.accounts.services import member_add

    membership = member_add(
        actor=network_admin,
        network=network,
        email="attente@maillage.example",
        first_name="Alix",
        last_name="Attente",
        role="coordinator",
    )
    mail.outbox.clear()
    url = reverse("accounts:member_invite", args=[membership.public_id])
    assert admin_client.post(url)["Location"] == LIST
    assert len(mail.outbox) == 1
    assert admin_client.get(url).status_code == 405


def test_the_admin_reactivates_an_account_disabled_for_inactivity(admin_client, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    from maillage.accounts.services import disable_dormant_accounts

    coordinator.last_activity_at = timezone.now() - timedelta(days=200)
    coordinator.save(update_fields=["last_activity_at"])
    disable_dormant_accounts()
    assert "Compte désactivé (inactivité)" in admin_client.get(LIST).content.decode()
    url = reverse("accounts:member_reactivate", args=[coordinator.memberships.get().public_id])
    assert admin_client.post(url)["Location"] == LIST
    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert disable_dormant_accounts() == 0
    assert AuditEvent.objects.filter(action="accounts.user.reactivated").exists()


def test_reactivating_another_networks_member_is_404(admin_client, coordinator_other_network):
    coordinator_other_network.is_active = False
    coordinator_other_network.save(update_fields=["is_active"])
    membership = coordinator_other_network.memberships.get()
    url = reverse("accounts:member_reactivate", args=[membership.public_id])
    assert admin_client.post(url).status_code == 404
    coordinator_other_network.refresh_from_db()
    assert not coordinator_other_network.is_active
