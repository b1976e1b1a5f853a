"""Password rules on every password set, reset by email (1 hour, no enumeration, second factor
still required, other sessions ended) and the invitation of a new member."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse

from maillage.accounts import services
from maillage.accounts.testing import totp_device_for
from maillage.accounts.tests.factories import TEST_PASSWORD, UserFactory
from maillage.accounts.tokens import (
    INVITATION_TIMEOUT_SECONDS,
    InvitationTokenGenerator,
    encode_uid,
    password_reset_token_generator,
)
from maillage.audit.models import AuditEvent

NEW_PASSWORD = "Lune-de-miel-sur-Loire-2026"


def _link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _request_reset(client, email: str):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def _open_reset_link(client, user):
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    response = client.get(_link_in(mail.outbox[-1]))
    assert response.status_code == 302  # Django moves the token into the session
    return response["Location"]


def _invitation_form(client, user):
    link = reverse(
        "accounts:invitation",
        kwargs={"uidb64": encode_uid(user), "token": InvitationTokenGenerator().make_token(user)},
    )
    return client.get(link)["Location"]


# Every way of setting a password applies the same rules, in French.


def _reset_flow(client, client_for, user):
    url = _open_reset_link(client, user)
    return client, url, {}


def _invitation_flow(client, client_for, user):
    return client, _invitation_form(client, user), {}


def _change_flow(client, client_for, user):
    return (
        client_for(user),
        reverse("accounts:security"),
        {
            "action": "password",
            "old_password": TEST_PASSWORD,
        },
    )


FLOWS = [_reset_flow, _invitation_flow, _change_flow]


@pytest.mark.parametrize("flow", FLOWS, ids=["reset", "invitation", "change"])
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court-2026", "trop court"),
        ("telechargement", "trop courant"),
        (None, "trop semblable"),
    ],
    ids=["short", "common", "similar"],
)
def test_every_password_set_refuses_weak_passwords(
    flow, password, message, client, client_for, coordinator
):
    password = password or coordinator.email
    before = coordinator.password
    actor_client, url, extra = flow(client, client_for, coordinator)
    response = actor_client.post(
        url, {**extra, "new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.password == before


def test_a_mismatched_confirmation_is_explained_in_french(client, coordinator):
    url = _open_reset_link(client, coordinator)
    response = client.post(
        url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert "Les deux mots de passe ne sont pas identiques" in response.content.decode()


# Reset by email.


def test_the_reset_email_is_sent_by_a_task_with_a_public_id_link(client, coordinator):
    response = _request_reset(client, coordinator.email.upper())
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert encode_uid(coordinator) in message.body
    assert "valable une heure" in message.body
    assert AuditEvent.objects.filter(
        action="accounts.password.reset_requested", actor_uuid=coordinator.public_id
    ).exists()


def test_it_does_not_reveal_whether_an_account_exists(client, coordinator):
    inactive = UserFactory(is_active=False)
    known = _request_reset(client, coordinator.email)
    unknown = _request_reset(client, "personne@inconnu.example")
    disabled = _request_reset(client, inactive.email)
    assert known.status_code == unknown.status_code == disabled.status_code == 302
    assert known["Location"] == unknown["Location"] == disabled["Location"]
    assert len(mail.outbox) == 1
    done = client.get(known["Location"]).content.decode()
    assert "Si un compte correspond à cette adresse" in done


def test_the_reset_ends_other_sessions_and_still_asks_the_second_factor(
    client, client_for, coordinator
):
    other_session = client_for(coordinator)
    assert other_session.get(reverse("core:dashboard")).status_code == 200
    url = _open_reset_link(client, coordinator)
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    # Every session of the account is over.
    assert other_session.get(reverse("core:dashboard"))["Location"].startswith(
        reverse("accounts:login")
    )
    # The new password works, and the second factor is still required.
    totp_device_for(coordinator)
    login = client.post(
        reverse("accounts:login"), {"username": coordinator.email, "password": NEW_PASSWORD}
    )
    assert login["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.get(reverse("core:dashboard"))["Location"] == reverse("accounts:otp_verify")
    assert AuditEvent.objects.filter(
        action="accounts.password.reset", actor_uuid=coordinator.public_id
    ).exists()


def test_a_reset_link_works_once(client, coordinator):
    client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    link = _link_in(mail.outbox[-1])
    url = client.get(link)["Location"]
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in again.content.decode()


class _IssuedAgo(PasswordResetTokenGenerator):
    def __init__(self, minutes: int):
        super().__init__()
        self.minutes = minutes

    def _now(self):
        return datetime.now() - timedelta(minutes=self.minutes)


@pytest.mark.parametrize(("minutes", "valid"), [(59, True), (61, False)])
def test_a_reset_link_lasts_one_hour(client, coordinator, minutes, valid):
    token = _IssuedAgo(minutes).make_token(coordinator)
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": encode_uid(coordinator), "token": token},
    )
    page = client.get(link, follow=True).content.decode()
    assert ("Ce lien n'est plus valable" not in page) is valid
    assert password_reset_token_generator.check_token(coordinator, token) is valid


def test_a_link_naming_a_database_id_is_refused(client, coordinator):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(coordinator.pk)),
            "token": password_reset_token_generator.make_token(coordinator),
        },
    )
    assert "Ce lien n'est plus valable" in client.get(link).content.decode()


# Invitation of a new member.


def test_an_invited_member_chooses_a_password_then_enrols_the_second_factor(
    client, network_admin, network
):
    membership = services.member_add(
        actor=network_admin,
        network=network,
        email="nouvelle.recrue@maillage.example",
        first_name="Nina",
        last_name="Recrue",
        role="coordinator",
    )
    user = membership.user
    assert not user.has_usable_password()
    message = mail.outbox[-1]
    assert message.to == [user.email]
    assert network.name in message.subject
    form_url = client.get(_link_in(message))["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    login = client.post(
        reverse("accounts:login"), {"username": user.email, "password": NEW_PASSWORD}
    )
    assert login["Location"] == reverse("accounts:otp_enrol")
    assert AuditEvent.objects.filter(
        action="accounts.invitation.accepted", actor_uuid=user.public_id
    ).exists()


@pytest.mark.parametrize(
    ("age", "valid"),
    [(INVITATION_TIMEOUT_SECONDS - 60, True), (INVITATION_TIMEOUT_SECONDS + 60, False)],
)
def test_an_invitation_lasts_72_hours(coordinator, age, valid):
    class Issued(InvitationTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(seconds=age)

    token = Issued().make_token(coordinator)
    assert InvitationTokenGenerator().check_token(coordinator, token) is valid
    # An invitation token is no reset token, and the other way round.
    assert not password_reset_token_generator.check_token(coordinator, token)


def test_an_invited_member_may_use_the_reset_form_when_the_invitation_expired(
    client, network_admin, network
):
    membership = services.member_add(
        actor=network_admin,
        network=network,
        email="retard@maillage.example",
        first_name="Rémi",
        last_name="Retard",
        role="reception",
    )
    mail.outbox.clear()
    _request_reset(client, membership.user.email)
    assert len(mail.outbox) == 1
