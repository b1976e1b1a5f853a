"""Session keys, lifetime (30 minutes idle with polling excluded, 12 hours in all), "log out
everywhere", and the French pages of an expired session or a stale form."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from maillage.accounts.testing import current_totp, totp_device_for
from maillage.accounts.tests.factories import TEST_PASSWORD
from maillage.audit.models import AuditEvent

DASHBOARD = "/tableau-de-bord/"


def _age_session(client, *, idle: float = 0, total: float = 0) -> None:
    session = client.session
    now = time.time()
    session[SESSION_LAST_SEEN] = now - idle
    session[SESSION_LOGIN_AT] = now - (total or idle)
    session.save()


def test_the_session_key_changes_at_login_and_after_the_second_factor(client, coordinator):
    totp_device_for(coordinator)
    session = client.session
    session["visited"] = True
    session.save()
    anonymous_key = client.session.session_key
    client.post(
        reverse("accounts:login"), {"username": coordinator.email, "password": TEST_PASSWORD}
    )
    password_key = client.session.session_key
    assert password_key != anonymous_key
    client.post(reverse("accounts:otp_verify"), {"token": current_totp(coordinator)})
    assert client.session.session_key not in (anonymous_key, password_key)
    assert client.get(DASHBOARD).status_code == 200


def test_it_ends_a_session_idle_for_30_minutes(client_for, coordinator):
    client = client_for(coordinator)
    _age_session(client, idle=29 * 60)
    assert client.get(DASHBOARD).status_code == 200
    _age_session(client, idle=31 * 60)
    response = client.get(DASHBOARD)
    assert response["Location"] == reverse("accounts:login") + "?expiree=1"
    page = client.get(response["Location"]).content.decode()
    assert "Votre session a expiré. Reconnectez-vous." in page
    assert client.get(DASHBOARD).status_code == 302


def test_background_polling_is_not_activity(client_for, coordinator):
    client = client_for(coordinator)
    _age_session(client, idle=20 * 60)
    seen = client.session[SESSION_LAST_SEEN]
    assert client.get(DASHBOARD, headers={"X-Maillage-Poll": "1"}).status_code == 200
    assert client.session[SESSION_LAST_SEEN] == seen
    _age_session(client, idle=31 * 60)
    # Polling does not keep the session alive: it expires like any other request.
    polled = client.get(DASHBOARD, headers={"X-Maillage-Poll": "1", "HX-Request": "true"})
    assert polled.status_code == 204
    assert polled["HX-Redirect"] == reverse("accounts:login") + "?expiree=1"


def test_a_real_request_is_activity(client_for, coordinator):
    client = client_for(coordinator)
    _age_session(client, idle=20 * 60)
    client.get(DASHBOARD)
    assert time.time() - client.session[SESSION_LAST_SEEN] < 5


def test_activity_within_a_minute_writes_nothing_and_does_not_extend_the_session(
    client_for, coordinator
):
    client = client_for(coordinator)
    _age_session(client, idle=30)
    seen = client.session[SESSION_LAST_SEEN]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert client.session[SESSION_LAST_SEEN] == seen
    # The stamp lags by less than a minute: the session ends no later than 30 minutes idle.
    _age_session(client, idle=30 * 60 + 1)
    assert client.get(DASHBOARD)["Location"] == reverse("accounts:login") + "?expiree=1"


def test_it_ends_a_session_after_12_hours_even_when_active(client_for, coordinator):
    client = client_for(coordinator)
    _age_session(client, idle=60, total=12 * 3600 + 60)
    assert client.get(DASHBOARD)["Location"] == reverse("accounts:login") + "?expiree=1"


def test_logging_out_everywhere_ends_every_other_session(client_for, coordinator):
    here, elsewhere = client_for(coordinator), client_for(coordinator)
    assert elsewhere.get(DASHBOARD).status_code == 200
    response = here.post(reverse("accounts:security"), {"action": "logout_everywhere"})
    assert response.status_code == 302
    assert here.get(DASHBOARD).status_code == 200
    assert elsewhere.get(DASHBOARD)["Location"].startswith(reverse("accounts:login"))
    assert AuditEvent.objects.filter(action="accounts.sessions.ended_everywhere").count() == 1


def test_a_password_change_keeps_this_session_and_ends_the_others(client_for, coordinator):
    here, elsewhere = client_for(coordinator), client_for(coordinator)
    new = "Marée-haute-à-Noirmoutier-9"
    response = here.post(
        reverse("accounts:security"),
        {
            "action": "password",
            "old_password": TEST_PASSWORD,
            "new_password1": new,
            "new_password2": new,
        },
    )
    assert response["Location"] == reverse("accounts:security")
    assert here.get(DASHBOARD).status_code == 200
    assert elsewhere.get(DASHBOARD).status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(new)


def test_a_stale_form_gives_a_french_page_without_a_stack_trace(coordinator):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": coordinator.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulaire expiré" in page
    assert "Rechargez la page" in page
    assert "Traceback" not in page
    assert "verification failed" not in page  # not Django's English debug page


@pytest.mark.parametrize("path", [DASHBOARD, "/compte/equipe/", "/audit/"])
def test_an_expired_session_sends_to_login_with_a_french_message(client_for, director, path):
    client = client_for(director)
    _age_session(client, idle=3600)
    response = client.get(path, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Votre session a expiré" in page
    assert "Traceback" not in page
