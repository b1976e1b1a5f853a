import pytest
from django.urls import reverse

from maillage.accounts.testing import current_totp, totp_device_for
from maillage.accounts.tests.factories import TEST_PASSWORD
from maillage.audit.models import AuditEvent


@pytest.fixture
def enrolled_coordinator(coordinator):
    totp_device_for(coordinator)
    return coordinator


def test_it_logs_in_with_password_then_totp(client, enrolled_coordinator):
    response = client.post(
        reverse("accounts:login"),
        {"username": enrolled_coordinator.email, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    # Before the second factor, every other page sends back to it.
    assert client.get(reverse("core:dashboard"))["Location"] == reverse("accounts:otp_verify")
    session_before = client.session.session_key
    response = client.post(
        reverse("accounts:otp_verify"), {"token": current_totp(enrolled_coordinator)}
    )
    assert response.status_code == 302
    assert client.session.session_key != session_before
    page = client.get(reverse("core:dashboard"))
    assert page.status_code == 200
    assert "Cache-Control" in page and "no-store" in page["Cache-Control"]
    assert AuditEvent.objects.filter(action="accounts.login.succeeded").count() == 1


def test_it_refuses_a_wrong_password_in_french(client, enrolled_coordinator):
    response = client.post(
        reverse("accounts:login"),
        {"username": enrolled_coordinator.email, "password": "mauvais-mot"},
    )
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()
    assert AuditEvent.objects.filter(action="accounts.login.failed").exists()


def test_it_refuses_a_wrong_code(client, enrolled_coordinator):
    client.post(
        reverse("accounts:login"),
        {"username": enrolled_coordinator.email, "password": TEST_PASSWORD},
    )
    response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_a_removed_membership_gives_404_at_once(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(reverse("core:dashboard")).status_code == 200
    coordinator.memberships.update(is_active=False)
    assert client.get(reverse("core:dashboard")).status_code == 404
