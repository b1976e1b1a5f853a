"""Every URL pattern, with every persona: each view declares who may use it, and the responses
agree. New URLs of any app are walked automatically (a random UUID fills `<uuid:...>`)."""

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from maillage.access.decorators import (
    AccessPolicy,
    public_view,
    staff_required,
)
from maillage.access.urlwalk import Persona, contradiction, walk_urls
from maillage.accounts.models import Role

PERSONAS = {
    "reception": Persona("reception", role=Role.RECEPTION),
    "coordinator": Persona("coordinator", role=Role.COORDINATOR),
    "medical_lead": Persona("medical_lead", role=Role.MEDICAL_LEAD),
    "director": Persona("director", role=Role.DIRECTOR),
    "network_admin": Persona("network_admin", role=Role.NETWORK_ADMIN),
    "coordinator_other_network": Persona("coordinator_other_network", role=Role.COORDINATOR),
    "external_outside": Persona("external_outside", external=True),
    "superuser_without_membership": Persona("superuser_without_membership", technical_admin=True),
    "anonymous": Persona("anonymous", anonymous=True),
}


def test_every_view_declares_an_access_policy():
    undeclared = [w.label for w in walk_urls() if w.policy is None]
    assert not undeclared, (
        "Vues sans politique d'accès déclarée (public_view, authenticated_view, external_view, "
        "staff_required…) :\n" + "\n".join(undeclared)
    )


def test_every_url_outside_the_admin_can_be_walked():
    skipped = [w.label for w in walk_urls() if w.path is None and w.namespace != "admin"]
    assert not skipped, "URL sans chemin d'exemple constructible :\n" + "\n".join(skipped)


@pytest.fixture
def persona_client(request, client_for):
    def make(name: str) -> Client:
        if name == "anonymous":
            return Client()
        return client_for(request.getfixturevalue(name))

    return make


@pytest.mark.parametrize("persona_name", list(PERSONAS))
def test_responses_agree_with_the_declared_policy(persona_name, persona_client, network):
    persona = PERSONAS[persona_name]
    client = persona_client(persona_name)
    problems = []
    walked = [w for w in walk_urls() if w.path is not None and w.policy is not None]
    assert len(walked) > 20
    for url in walked:
        response = client.get(url.path)
        if problem := contradiction(url.policy, persona, response):
            problems.append(f"GET {url.label} : {problem}")
        if not persona.anonymous and response.status_code == 302:
            # A refused persona must not have been logged out by the visit.
            assert "_auth_user_id" in client.session, url.label
    for url in walked:
        from maillage.access.urlwalk import may_be_served

        if may_be_served(url.policy, persona):
            continue
        response = client.post(url.path, {})
        if problem := contradiction(url.policy, persona, response):
            problems.append(f"POST {url.label} : {problem}")
    assert not problems, f"Réponses contraires à la politique pour {persona_name} :\n" + "\n".join(
        problems
    )


# The checker itself: an undeclared view and a lying view are both caught.


def _undeclared(request):
    return HttpResponse("ok")


@staff_required(Role.DIRECTOR)
def _director_only(request):
    return HttpResponse("ok")


def _lying(request):
    return HttpResponse("données")


_lying.access_policy = AccessPolicy("staff", ("director",))

urlpatterns = [
    path("sans-politique/", _undeclared, name="undeclared"),
    path("direction/", _director_only, name="director_only"),
    path("menteuse/", _lying, name="lying"),
    path("publique/", public_view(_undeclared), name="public"),
    *project_urlpatterns,  # the shell's templates name the real URLs
]


@override_settings(ROOT_URLCONF=__name__)
def test_the_walker_finds_views_without_a_policy():
    walked = {w.name: w for w in walk_urls()}
    assert walked["undeclared"].policy is None
    assert str(walked["director_only"].policy) == "staff(director)"
    assert walked["public"].policy.kind == "public"


@override_settings(ROOT_URLCONF=__name__)
def test_the_checker_catches_a_response_that_contradicts_the_policy(client_for, coordinator):
    walked = {w.name: w for w in walk_urls()}
    client = client_for(coordinator)
    lying = walked["lying"]
    assert contradiction(lying.policy, PERSONAS["coordinator"], client.get(lying.path))
    honest = walked["director_only"]
    response = client.get(honest.path)
    assert response.status_code == 404
    assert contradiction(honest.policy, PERSONAS["coordinator"], response) is None
    assert contradiction(lying.policy, PERSONAS["anonymous"], Client().get(lying.path))
