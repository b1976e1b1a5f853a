"""Every view of the record: right role works, wrong role and other network get 404, the
anonymous visitor is sent to the login page, and every page shown is in the audit trail."""

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.patients.tests.factories import CommuneFactory, JournalEntryFactory, TaskFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "reception",
    "coordinator",
    "medical_lead",
    "director",
    "network_admin",
    "coordinator_other_network",
    "external_in_team",
    "external_outside",
]

# url name -> personas who get 200 (everyone else: 404)
PATIENT_PAGES = {
    "patients:detail": {
        "reception",
        "coordinator",
        "medical_lead",
        "director",
        "external_in_team",
    },
    "patients:edit": {"reception", "coordinator", "medical_lead"},
    "patients:duplicates": {"reception", "coordinator", "medical_lead"},
    "patients:consents": {
        "reception",
        "coordinator",
        "medical_lead",
        "director",
        "external_in_team",
    },
    "patients:carers": {"reception", "coordinator", "medical_lead", "director", "external_in_team"},
    "patients:care_team": {
        "reception",
        "coordinator",
        "medical_lead",
        "director",
        "external_in_team",
    },
    "patients:enrolments": {
        "reception",
        "coordinator",
        "medical_lead",
        "director",
        "external_in_team",
    },
    "patients:journal": {"coordinator", "medical_lead", "director", "external_in_team"},
    "patients:tasks": {"coordinator", "medical_lead", "director"},
    "patients:rights": {"coordinator", "medical_lead"},
    # The director and the patient's lead coordinator (`coordinator` leads followed_patient).
    "patients:access_log": {"coordinator", "director"},
}

NETWORK_PAGES = {
    "patients:list": {
        "reception",
        "coordinator",
        "medical_lead",
        "director",
        "coordinator_other_network",
    },
    "patients:create": {"reception", "coordinator", "medical_lead", "coordinator_other_network"},
    "patients:caseload": {"coordinator", "medical_lead", "director", "coordinator_other_network"},
    "patients:my_patients": {"external_in_team", "external_outside"},
}


@pytest.fixture
def as_persona(request, client_for, followed_patient, external_in_team):
    def make(name):
        return client_for(request.getfixturevalue(name))

    return make


@pytest.mark.parametrize("url_name", sorted(PATIENT_PAGES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_patient_pages_check_access(as_persona, followed_patient, url_name, persona):
    JournalEntryFactory(patient=followed_patient)
    url = reverse(url_name, args=[followed_patient.public_id])
    before = AuditEvent.objects.filter(action="patients.patient.viewed").count()
    response = as_persona(persona).get(url)
    expected = 200 if persona in PATIENT_PAGES[url_name] else 404
    assert response.status_code == expected, (url_name, persona)
    viewed = AuditEvent.objects.filter(
        action="patients.patient.viewed", patient_uuid=followed_patient.public_id
    )
    assert viewed.count() == before + (1 if expected == 200 else 0)


@pytest.mark.parametrize("url_name", sorted(NETWORK_PAGES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_network_pages_check_access(as_persona, url_name, persona):
    response = as_persona(persona).get(reverse(url_name))
    expected = 200 if persona in NETWORK_PAGES[url_name] else 404
    assert response.status_code == expected, (url_name, persona)


@pytest.mark.parametrize(
    "url",
    [
        lambda p: reverse("patients:list"),
        lambda p: reverse("patients:create"),
        lambda p: reverse("patients:detail", args=[p.public_id]),
        lambda p: reverse("patients:journal", args=[p.public_id]),
        lambda p: reverse("patients:my_patients"),
        lambda p: reverse("patients:caseload"),
    ],
)
def test_the_anonymous_visitor_is_sent_to_the_login_page(client, followed_patient, url):
    response = client.get(url(followed_patient))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_superuser_without_membership_sees_no_record(
    client_for, superuser_without_membership, followed_patient
):
    client = client_for(superuser_without_membership)
    assert (
        client.get(reverse("patients:detail", args=[followed_patient.public_id])).status_code == 404
    )
    assert client.get(reverse("patients:list")).status_code == 404


def test_other_network_staff_do_not_see_the_record_in_lists(
    client_for, coordinator_other_network, followed_patient
):
    response = client_for(coordinator_other_network).post(reverse("patients:list"), {"name": ""})
    assert followed_patient.birth_name not in response.content.decode()


def test_a_reception_user_cannot_write_care_data(client_for, reception, followed_patient):
    client = client_for(reception)
    for url_name in ("patients:care_team", "patients:consents", "patients:enrolments"):
        response = client.post(reverse(url_name, args=[followed_patient.public_id]), {})
        assert response.status_code == 404, url_name


def test_a_director_cannot_write_identity_or_carers(client_for, director, followed_patient):
    client = client_for(director)
    assert (
        client.post(reverse("patients:carers", args=[followed_patient.public_id]), {}).status_code
        == 404
    )


def test_htmx_helpers_check_access(client_for, coordinator, network_admin, external_in_team):
    CommuneFactory(insee_code="44109", name="Nantes", postal_code="44000")
    url = reverse("patients:communes_for_postcode") + "?postal_code=44000"
    assert "Nantes" in client_for(coordinator).get(url).content.decode()
    assert client_for(network_admin).get(url).status_code == 404
    assert client_for(external_in_team).get(url).status_code == 404
    search = reverse("patients:directory_candidates") + "?query=generaliste"
    assert client_for(coordinator).get(search).status_code == 200
    assert client_for(external_in_team).get(search).status_code == 404


def test_task_completion_checks_access(
    client_for, coordinator, external_in_team, coordinator_other_network, followed_patient
):
    task = TaskFactory(patient=followed_patient, assignee=coordinator)
    url = reverse("patients:task_complete", args=[followed_patient.public_id, task.public_id])
    assert client_for(external_in_team).post(url, {"version": 1}).status_code == 404
    assert client_for(coordinator_other_network).post(url, {"version": 1}).status_code == 404
    assert client_for(coordinator).post(url, {"version": 1}).status_code == 302
    task.refresh_from_db()
    assert task.done_by == coordinator
