"""The user, the session's second-factor device and the active network's membership come in one
query, and every change to them is refused on the very next request (nothing is cached)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.models import EncryptedTOTPDevice

DASHBOARD = "/tableau-de-bord/"


def _auth_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return [
        q["sql"]
        for q in queries
        if '"accounts_user"."password"' in q["sql"]
        or "accounts_encryptedtotpdevice" in q["sql"]
        or 'FROM "accounts_membership"' in q["sql"]
    ]


def test_user_device_and_membership_come_in_one_query(client_for, coordinator):
    client = client_for(coordinator)
    auth = _auth_queries(client)
    assert len(auth) == 1
    assert '"accounts_encryptedtotpdevice"' in auth[0] and '"accounts_membership"' in auth[0]


def test_a_deactivated_user_is_out_at_the_next_request(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(DASHBOARD).status_code == 200
    type(coordinator).objects.filter(pk=coordinator.pk).update(is_active=False)
    assert client.get(DASHBOARD)["Location"].startswith(reverse("accounts:login"))


def test_a_removed_device_asks_for_the_second_factor_again(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(DASHBOARD).status_code == 200
    EncryptedTOTPDevice.objects.filter(user=coordinator).delete()
    assert client.get(DASHBOARD)["Location"] == reverse("accounts:otp_verify")


def test_an_unconfirmed_device_does_not_pass_the_second_factor(client_for, coordinator):
    client = client_for(coordinator)
    EncryptedTOTPDevice.objects.filter(user=coordinator).update(confirmed=False)
    assert client.get(DASHBOARD)["Location"] == reverse("accounts:otp_verify")


def test_another_users_device_in_the_session_does_not_pass(client_for, coordinator, director):
    from django_otp import DEVICE_ID_SESSION_KEY

    from maillage.accounts.testing import totp_device_for

    client = client_for(coordinator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(director).persistent_id
    session.save()
    assert client.get(DASHBOARD)["Location"] == reverse("accounts:otp_verify")


def test_a_deactivated_network_is_refused_at_once(client_for, coordinator, network):
    client = client_for(coordinator)
    assert client.get(DASHBOARD).status_code == 200
    type(network).objects.filter(pk=network.pk).update(is_active=False)
    assert client.get(DASHBOARD).status_code == 404


def test_a_password_change_elsewhere_ends_the_session(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(DASHBOARD).status_code == 200
    coordinator.set_password("Un-autre-mot-de-passe-42")
    type(coordinator).objects.filter(pk=coordinator.pk).update(password=coordinator.password)
    assert client.get(DASHBOARD)["Location"].startswith(reverse("accounts:login"))


def test_a_session_network_key_of_another_network_changes_nothing(
    client_for, coordinator, network, other_network
):
    from maillage.accounts.middleware import SESSION_NETWORK_PK

    client = client_for(coordinator)
    session = client.session
    session[SESSION_NETWORK_PK] = other_network.pk
    session.save()
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    assert network.name in page.content.decode()
