"""create_network_admin: a network's first administrator, invited to choose a password."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from maillage.accounts.models import Membership, Role, User, UserKind
from maillage.accounts.tests.factories import UserFactory
from maillage.audit.models import AuditEvent
from maillage.networks.models import Network

pytestmark = pytest.mark.django_db(transaction=True)  # the email leaves on commit


def _create(*args) -> str:
    out = StringIO()
    call_command("create_network_admin", *args, stdout=out)
    return out.getvalue()


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_it_creates_the_network_and_invites_its_first_administrator(client):
    output = _create(
        "--network", "dac-cote-sud", "--name", "DAC Côte Sud", "--email", "Direction@Cote-Sud.fr"
    )
    network = Network.objects.get(slug="dac-cote-sud")
    user = User.objects.get(email="direction@cote-sud.fr")
    assert user.kind == UserKind.STAFF
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, network=network).role == Role.NETWORK_ADMIN
    assert "Réseau créé : DAC Côte Sud (dac-cote-sud)" in output
    assert "Invitation envoyée" in output
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["direction@cote-sud.fr"]
    assert "DAC Côte Sud" in mail.outbox[0].body
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "networks.network.created",
        "accounts.user.created",
        "accounts.membership.created",
        "accounts.invitation.sent",
    } <= actions
    # The invitation leads to choosing a password; the second factor comes at first login.
    path = _link(mail.outbox[0]).split("://", 1)[1].partition("/")[2]
    response = client.get("/" + path, follow=True)
    assert 'name="new_password1"' in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    password = "Estuaire-Vignoble-2026-clé"
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(password)
    response = client.post(
        "/compte/connexion/", {"username": user.email, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/compte/2fa/enrolement/")


def test_running_it_again_resends_the_invitation_without_duplicates():
    _create("--network", "dac-x", "--name", "DAC X", "--email", "admin@dac-x.fr")
    output = _create("--network", "dac-x", "--email", "admin@dac-x.fr")
    assert "Réseau existant" in output
    assert "Administrateur du réseau (existant) : admin@dac-x.fr" in output
    assert Network.objects.filter(slug="dac-x").count() == 1
    assert User.objects.filter(email="admin@dac-x.fr").count() == 1
    assert Membership.objects.filter(user__email="admin@dac-x.fr").count() == 1
    assert len(mail.outbox) == 2


def test_an_unknown_network_needs_a_name():
    with pytest.raises(CommandError, match="indiquez son nom avec --name"):
        _create("--network", "inconnu", "--email", "a@b.fr")
    assert not User.objects.exists()


def test_an_invalid_address_is_refused_and_nothing_is_saved():
    with pytest.raises(CommandError, match="Adresse électronique invalide"):
        _create("--network", "dac-y", "--name", "DAC Y", "--email", "pas-une-adresse")
    assert not Network.objects.exists()
    assert not AuditEvent.objects.filter(action="networks.network.created").exists()


def test_an_external_professional_cannot_become_network_admin():
    UserFactory(email="medecin@exemple.fr", kind=UserKind.EXTERNAL)
    with pytest.raises(CommandError, match="professionnel extérieur"):
        _create("--network", "dac-z", "--name", "DAC Z", "--email", "medecin@exemple.fr")
    assert not Network.objects.filter(slug="dac-z").exists()
    assert len(mail.outbox) == 0


def test_an_existing_member_with_another_role_is_not_promoted(network, coordinator):
    with pytest.raises(CommandError, match="déjà membre de ce réseau"):
        _create("--network", network.slug, "--email", coordinator.email)
    assert coordinator.memberships.get().role == Role.COORDINATOR
