"""`reauth_required`: sensitive actions ask for the password again after 10 minutes."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from config.urls import urlpatterns as project_urlpatterns
from maillage.access.decorators import authenticated_view, external_view
from maillage.access.matrix import REAUTH_MAX_AGE_SECONDS
from maillage.accounts.decorators import reauth_required
from maillage.accounts.middleware import SESSION_REAUTH_AT
from maillage.accounts.tests.factories import TEST_PASSWORD
from maillage.audit.models import AuditEvent


def test_only_listed_sensitive_actions_can_be_required():
    with pytest.raises(ImproperlyConfigured):
        reauth_required("anything")
    assert reauth_required("role_change")


def test_a_stale_session_confirms_the_password_then_comes_back(client_for, director):
    client = client_for(director, reauth=False)
    session = client.session
    session[SESSION_REAUTH_AT] = time.time() - REAUTH_MAX_AGE_SECONDS - 1
    session.save()
    response = client.get(reverse("audit:export"))
    target = response["Location"]
    assert target == reverse("accounts:reauth") + "?next=%2Faudit%2Fexport%2F"
    page = client.get(target)
    assert "Cette action est sensible" in page.content.decode()
    wrong = client.post(target, {"password": "pas-le-bon", "next": "/audit/export/"})
    assert "Mot de passe incorrect." in wrong.content.decode()
    assert AuditEvent.objects.filter(action="accounts.reauth.failed").exists()
    ok = client.post(target, {"password": TEST_PASSWORD, "next": "/audit/export/"})
    assert ok["Location"] == "/audit/export/"
    assert client.get("/audit/export/").status_code == 200


def test_an_htmx_request_is_sent_to_the_reauth_page(client_for, director):
    client = client_for(director, reauth=False)
    response = client.get(reverse("audit:export"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:reauth"))


def test_reauth_never_redirects_off_site(client_for, director):
    client = client_for(director, reauth=False)
    response = client.post(
        reverse("accounts:reauth"), {"password": TEST_PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:dashboard")


def test_replacing_the_authenticator_needs_a_recent_password(client_for, coordinator):
    client = client_for(coordinator, reauth=False)
    response = client.get(reverse("accounts:otp_enrol"))
    assert response["Location"].startswith(reverse("accounts:reauth"))


def _ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path("externe/", external_view(_ok)),
    path("connecte/", authenticated_view(_ok)),
    *project_urlpatterns,
]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("persona", "external", "authenticated"),
    [
        ("external_outside", 200, 200),
        ("coordinator", 404, 200),
        ("superuser_without_membership", 404, 200),
    ],
)
def test_external_views_serve_external_professionals_only(
    request, client_for, persona, external, authenticated
):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/externe/").status_code == external
    assert client.get("/connecte/").status_code == authenticated
    assert Client().get("/externe/")["Location"].startswith(reverse("accounts:login"))
    assert Client().get("/connecte/")["Location"].startswith(reverse("accounts:login"))
