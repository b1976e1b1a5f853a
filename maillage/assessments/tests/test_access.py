"""Every assessment view against every persona: the writers work, everyone else gets 404
(wrong role, other network, external outside the team, the GP for writes), the anonymous
visitor is sent to login; the catalogue and instrument pages stay within their query budget;
a draft survives the 30-minute idle logout (it is on the server)."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.middleware import SESSION_LAST_SEEN
from maillage.assessments import services
from maillage.assessments.models import Assessment, IdentifiedProblem, ProblemCatalogue
from maillage.assessments.tests.factories import ZARIT_MODERATE

pytestmark = pytest.mark.django_db

REFUSED = [
    "director",
    "reception",
    "network_admin",
    "coordinator_other_network",
    "external_outside",
    "external_in_team",
]


@pytest.fixture
def draft(followed_patient, coordinator):
    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="zarit", answers=ZARIT_MODERATE
    )
    services.problem_add(
        actor=coordinator, assessment=assessment, domain="housing", free_text="Baignoire"
    )
    return assessment


def _writes(draft, patient):
    """(url, data) of every POST that changes an assessment."""
    problem = draft.problems.get()
    return [
        (
            reverse("assessments:create", args=[patient.public_id]),
            {"assessed_on": timezone.localdate().isoformat(), "place": "home"},
        ),
        (reverse("assessments:autosave", args=[draft.public_id]), {"participants": "X"}),
        (
            reverse("assessments:instrument", args=[draft.public_id, "zarit"]),
            {f"item_{i}": "1" for i in range(22)},
        ),
        (
            reverse("assessments:problem_add", args=[draft.public_id]),
            {"domain": "pain", "severity": "low", "free_text": "Douleur"},
        ),
        (
            reverse("assessments:problem_remove", args=[draft.public_id, problem.public_id]),
            {},
        ),
        (reverse("assessments:sign", args=[draft.public_id]), {}),
    ]


@pytest.mark.parametrize("persona", REFUSED)
def test_every_write_is_404_for_everyone_but_the_writers(
    request, persona, draft, followed_patient, client_for
):
    client = client_for(request.getfixturevalue(persona))
    for url, data in _writes(draft, followed_patient):
        assert client.post(url, data).status_code == 404, url
    draft.refresh_from_db()
    assert not draft.is_signed and draft.participants == ""
    assert draft.problems.count() == 1 and Assessment.objects.count() == 1


def test_the_anonymous_visitor_is_sent_to_login_everywhere(draft, followed_patient, client):
    reads = [
        reverse("assessments:patient_tab", args=[followed_patient.public_id]),
        reverse("assessments:detail", args=[draft.public_id]),
        reverse("assessments:instrument", args=[draft.public_id, "zarit"]),
        reverse("assessments:catalogue"),
    ]
    for url in reads:
        response = client.get(url)
        assert response.status_code == 302 and "connexion" in response["Location"], url
    for url, data in _writes(draft, followed_patient):
        response = client.post(url, data)
        assert response.status_code == 302 and "connexion" in response["Location"], url
    assert not Assessment.objects.get().is_signed


@pytest.mark.parametrize("persona", ["coordinator", "medical_lead"])
def test_the_writers_remove_a_problem(request, persona, draft, client_for):
    problem = draft.problems.get()
    client = client_for(request.getfixturevalue(persona))
    url = reverse("assessments:problem_remove", args=[draft.public_id, problem.public_id])
    assert client.post(url).status_code == 302
    assert not IdentifiedProblem.objects.exists()


def test_a_problem_of_another_assessment_is_404(draft, followed_patient, coordinator, client_for):
    other = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    problem = draft.problems.get()
    url = reverse("assessments:problem_remove", args=[other.public_id, problem.public_id])
    assert client_for(coordinator).post(url).status_code == 404
    assert IdentifiedProblem.objects.count() == 1


@pytest.mark.parametrize("persona", ["external_outside", "external_in_team", "medical_lead"])
def test_the_catalogue_refuses_who_does_not_edit_it(request, persona, client_for):
    client = client_for(request.getfixturevalue(persona))
    status = 200 if persona == "medical_lead" else 404
    assert client.get(reverse("assessments:catalogue")).status_code == status


def test_the_catalogue_list_is_paginated_within_its_query_budget(
    network, coordinator, client_for, django_assert_max_num_queries
):
    services.catalogue_ensure_defaults(network)
    ProblemCatalogue.objects.bulk_create(
        ProblemCatalogue(network=network, code=f"p{i}", label=f"Problème {i:03}", domain="medical")
        for i in range(80)
    )
    client = client_for(coordinator)
    with django_assert_max_num_queries(25):
        first = client.get(reverse("assessments:catalogue"))
    assert first.status_code == 200
    assert first.content.decode().count("Ne plus proposer") == 50
    with django_assert_max_num_queries(25):
        second = client.get(reverse("assessments:catalogue") + "?page=2")
    assert second.content.decode().count("Ne plus proposer") == 92 - 50


def test_the_tab_paginates_the_assessments(
    followed_patient, coordinator, client_for, django_assert_max_num_queries
):
    for _ in range(27):
        services.assessment_create(
            actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
        )
    client = client_for(coordinator)
    url = reverse("assessments:patient_tab", args=[followed_patient.public_id])
    with django_assert_max_num_queries(40):
        html = client.get(url).content.decode()
    assert html.count("Brouillon</td>") == 25
    assert client.get(url + "?page=2").content.decode().count("Brouillon</td>") == 2


@pytest.mark.parametrize("code", ["aggir", "zarit", "hads", "mna"])
def test_the_instrument_page_stays_within_its_query_budget(
    code, draft, coordinator, client_for, django_assert_max_num_queries
):
    client = client_for(coordinator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("assessments:instrument", args=[draft.public_id, code]))
    assert response.status_code == 200


def test_a_draft_survives_the_idle_logout(draft, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("assessments:autosave", args=[draft.public_id])
    assert client.post(url, {"section-nutrition": "Perte de 3 kg"}).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - 31 * 60
    session.save()
    expired = client.post(url, {"section-nutrition": "Perte de 5 kg"})
    assert expired.status_code == 302 and "expiree" in expired["Location"]
    # Nothing sent after the expiry was taken; what was saved before is on the server.
    assert draft.sections.get(domain="nutrition").observations == "Perte de 3 kg"
    again = client_for(coordinator)
    page = again.get(reverse("assessments:detail", args=[draft.public_id]))
    assert page.status_code == 200 and "Perte de 3 kg" in page.content.decode()
