"""Every PPS URL, read or write, refuses the wrong role, the other network's staff and an
external outside the care team with a 404, sends the anonymous visitor to login, and changes
nothing when refused. Editor URLs also refuse the director (reads only) and the care team's GP
(agrees and marks their own actions, never edits)."""

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.careplans import services
from maillage.careplans.models import PlanAction, PpsDocument, PpsVersion
from maillage.careplans.tests.factories import validated

pytestmark = pytest.mark.django_db

OUTSIDERS = ["reception", "coordinator_other_network", "external_outside"]


@pytest.fixture
def pps_urls(coordinator, followed_patient, gp_member):
    """(method, url, data) of every PPS view, on a validated version and its open revision."""
    current = validated(coordinator, followed_patient, member=gp_member)
    draft = services.version_revise(actor=coordinator, pps=current.pps)
    action = PlanAction.objects.get(goal__problem__version=current)
    goal = draft.problems.get().goals.get()
    patient = followed_patient.public_id
    reads = [
        ("get", reverse("careplans:patient_pps", args=[patient]), {}),
        ("get", reverse("careplans:version", args=[current.public_id]), {}),
        ("get", reverse("careplans:diff", args=[draft.public_id]), {}),
        ("get", reverse("careplans:pdf", args=[current.public_id, "pps"]), {}),
        ("get", reverse("careplans:pdf", args=[current.public_id, "patient"]), {}),
        ("get", reverse("careplans:fhir", args=[current.public_id]), {}),
    ]
    d = draft.public_id
    writes = [
        ("post", reverse("careplans:start", args=[patient]), {}),
        ("post", reverse("careplans:section", args=[d, "situation"]), {"rev": 1, "ald": "x"}),
        ("post", reverse("careplans:problem_add", args=[d]), {"domain": "pain", "label": "x"}),
        ("post", reverse("careplans:problems_import", args=[d]), {}),
        ("post", reverse("careplans:goal_add", args=[d]), {"problem": "", "text": "x"}),
        (
            "post",
            reverse("careplans:action_add", args=[d]),
            {"goal": goal.public_id, "what": "x", "kind": "care"},
        ),
        ("post", reverse("careplans:alert_add", args=[d]), {"situation": "x", "who_to_call": "y"}),
        ("post", reverse("careplans:template_apply", args=[d]), {"template": "fragile"}),
        ("post", reverse("careplans:submit", args=[d]), {}),
        ("post", reverse("careplans:gp_record", args=[d]), {"gp-means": "phone"}),
        ("post", reverse("careplans:patient_agree", args=[d]), {"agreement": "agreed"}),
        ("post", reverse("careplans:validate", args=[d]), {}),
        ("post", reverse("careplans:revise", args=[current.public_id]), {}),
    ]
    mark = [
        (
            "post",
            reverse("careplans:action_status", args=[action.public_id]),
            {"status": "done", "row_version": 1},
        ),
        ("post", reverse("careplans:gp_agree", args=[d]), {}),
    ]
    return {"reads": reads, "writes": writes, "mark": mark}


def _snapshot():
    return (
        list(PpsVersion.objects.order_by("pk").values_list("status", "rev_situation")),
        PlanAction.objects.filter(status="done").count(),
        PpsDocument.objects.count(),
        AuditEvent.objects.filter(action__startswith="careplans.")
        .exclude(action="careplans.pps.viewed")
        .count(),
    )


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_every_pps_url_is_a_404_for_outsiders_and_changes_nothing(
    request, client_for, persona, pps_urls
):
    client = client_for(request.getfixturevalue(persona))
    before = _snapshot()
    for method, url, data in [*pps_urls["reads"], *pps_urls["writes"], *pps_urls["mark"]]:
        assert getattr(client, method)(url, data).status_code == 404, (persona, url)
    assert _snapshot() == before


def test_every_pps_url_sends_the_anonymous_visitor_to_login(client, pps_urls):
    before = _snapshot()
    for method, url, data in [*pps_urls["reads"], *pps_urls["writes"], *pps_urls["mark"]]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["director", "external_in_team"])
def test_readers_who_do_not_edit_get_404_on_every_editor_url(
    request, client_for, persona, pps_urls
):
    client = client_for(request.getfixturevalue(persona))
    before = _snapshot()
    for method, url, data in pps_urls["writes"]:
        assert getattr(client, method)(url, data).status_code == 404, (persona, url)
    assert _snapshot() == before


def test_the_director_reads_every_page_and_download(client_for, director, pps_urls):
    client = client_for(director)
    for method, url, data in pps_urls["reads"]:
        assert getattr(client, method)(url, data).status_code == 200, url


def test_the_care_teams_gp_reads_the_current_version_but_not_the_diff(
    client_for, external_in_team, pps_urls
):
    client = client_for(external_in_team)
    tab, current, diff, pdf, patient_pdf, fhir = (url for _m, url, _d in pps_urls["reads"])
    for url in (tab, current, pdf, patient_pdf, fhir):
        assert client.get(url).status_code == 200, url
    assert client.get(diff).status_code == 404
