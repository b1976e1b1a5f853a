"""Lockout after repeated failures (django-axes), counted by account and by IP address, the IP
read behind TRUSTED_PROXY_COUNT proxies so that a forged X-Forwarded-For resets nothing."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from maillage.accounts.testing import totp_device_for
from maillage.accounts.tests.factories import TEST_PASSWORD, UserFactory
from maillage.audit.models import AuditEvent

LIMIT = settings.AXES_FAILURE_LIMIT


def _login(client, email, password="mauvais-mot-de-passe", **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


@pytest.fixture
def enrolled(coordinator):
    totp_device_for(coordinator)
    return coordinator


def test_an_account_is_locked_after_repeated_failures_with_a_french_page(client, enrolled):
    for _ in range(LIMIT - 1):
        assert _login(client, enrolled.email).status_code == 200
    assert _login(client, enrolled.email).status_code == 429  # the LIMIT-th failure locks
    # Even the right password is refused now, with a French page and no stack trace.
    response = _login(client, enrolled.email, TEST_PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Connexion temporairement bloquée" in page
    assert "Traceback" not in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.login.locked_out").exists()


def test_the_account_stays_locked_from_another_address(client, enrolled):
    for _ in range(LIMIT):
        _login(client, enrolled.email, REMOTE_ADDR="198.51.100.1")
    response = _login(client, enrolled.email, TEST_PASSWORD, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 429


def test_an_address_is_locked_after_failures_on_several_accounts(client, enrolled):
    for _ in range(LIMIT):
        _login(client, UserFactory().email, REMOTE_ADDR="198.51.100.7")
    assert (
        _login(client, enrolled.email, TEST_PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    )
    # The same account from another address is not locked.
    assert (
        _login(client, enrolled.email, TEST_PASSWORD, REMOTE_ADDR="198.51.100.8").status_code == 302
    )


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forged_forwarded_for_does_not_reset_the_count(client, enrolled):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for attempt in range(LIMIT):
        # The client prepends a different forged address each time; our proxy appends the
        # real one (203.0.113.9), which is the only one that counts.
        forwarded = f"192.0.2.{attempt}, 203.0.113.9"
        _login(client, UserFactory().email, HTTP_X_FORWARDED_FOR=forwarded, **proxy)
    response = _login(
        client,
        enrolled.email,
        TEST_PASSWORD,
        HTTP_X_FORWARDED_FOR="192.0.2.250, 203.0.113.9",
        **proxy,
    )
    assert response.status_code == 429
    # Another real client behind the same proxy is not affected.
    other = _login(
        client, enrolled.email, TEST_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy
    )
    assert other.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_audit_records_the_address_our_proxy_saw(client, enrolled):
    _login(
        client, enrolled.email, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2"
    )
    event = AuditEvent.objects.get(action="accounts.login.failed")
    assert event.ip == "203.0.113.9"
