"""French error pages, without stack traces, even when the page shell itself fails."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("maillage.core.tests.error_urls")]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def test_an_unknown_page_gives_the_french_404(anonymous):
    response = anonymous.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert '<html lang="fr"' in response.content.decode()


def test_a_logged_in_user_gets_the_404_inside_the_shell(client_for, coordinator):
    response = client_for(coordinator).get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert "Navigation principale" in page


def test_a_refusal_gives_the_french_403(client_for, coordinator):
    response = client_for(coordinator).get("/test-erreur/403/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_a_suspicious_request_gives_the_french_400(anonymous):
    response = anonymous.get("/test-erreur/400/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Requête incorrecte" in page
    assert "donnée suspecte" not in page


def test_a_crash_gives_the_french_500_without_any_trace(settings, client_for, coordinator):
    settings.DEBUG = False
    client = client_for(coordinator)
    client.raise_request_exception = False
    response = client.get("/test-erreur/500/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Erreur du serveur" in page
    for leak in ("Traceback", "RuntimeError", "Dupont", "secret de la pile", "error_urls"):
        assert leak not in page


def test_the_500_page_has_a_last_resort_when_templates_fail(settings, anonymous, monkeypatch):
    from django.template import loader

    def broken(*args, **kwargs):
        raise RuntimeError("template cassé")

    monkeypatch.setattr(loader, "render_to_string", broken)
    response = anonymous.get("/test-erreur/500/")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()
    assert "template cassé" not in response.content.decode()


def test_a_tampered_csrf_token_gives_the_french_page(coordinator, client_for):
    client = client_for(coordinator)
    client.handler.enforce_csrf_checks = True
    response = client.post("/compte/deconnexion/", {"csrfmiddlewaretoken": "falsifié"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
