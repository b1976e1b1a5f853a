"""The activity page, drill-down lists, downloads and CPOM targets: access, figures, audit."""

import json

import pytest
from django.urls import reverse

from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit.models import AuditEvent
from maillage.reporting.models import CpomTarget
from maillage.reporting.tests.scenario import build

pytestmark = pytest.mark.django_db

PERIOD = "du=2026-01-01&au=2026-12-31"
DASHBOARD = reverse("reporting:dashboard")


@pytest.fixture
def scenario(network):
    return build(network)


def drill_url(key, query=PERIOD):
    return reverse("reporting:drilldown", args=[key]) + "?" + query


@pytest.mark.parametrize("persona", ["director", "medical_lead"])
def test_right_roles_see_the_figures(
    request, scenario, client_for, persona, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(persona))
    with django_assert_max_num_queries(45):
        response = client.get(f"{DASHBOARD}?{PERIOD}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-key="file_active.patients"' in html
    assert "<svg" in html and "Année précédente" not in html
    assert reverse("reporting:study_export") in html


@pytest.mark.parametrize(
    "persona",
    [
        "reception",
        "coordinator",
        "network_admin",
        "coordinator_other_network",
        "external_outside",
        "superuser_without_membership",
    ],
)
def test_wrong_roles_get_404(request, scenario, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in (
        f"{DASHBOARD}?{PERIOD}",
        drill_url("file_active.patients"),
        reverse("reporting:download", args=["json"]) + "?" + PERIOD,
        reverse("reporting:targets"),
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login(client, scenario):
    for url in (
        DASHBOARD,
        drill_url("requests.total"),
        reverse("reporting:download", args=["pdf"]),
        reverse("reporting:targets"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/compte/" in response["Location"] or "login" in response["Location"]


def test_comparison_with_the_previous_year(scenario, director, client_for):
    response = client_for(director).get(f"{DASHBOARD}?{PERIOD}&comparer=1")
    html = response.content.decode()
    assert "Année précédente" in html
    assert "url(#hatch-" in html  # the previous year's bars are hatched, not only coloured


def test_bad_period_is_a_french_message(scenario, director, client_for):
    response = client_for(director).get(f"{DASHBOARD}?du=2026-12-31&au=2026-01-01")
    assert response.status_code == 200
    assert "La fin de la période précède son début." in response.content.decode()
    response = client_for(director).get(f"{DASHBOARD}?du=pas-une-date&au=2026-01-01")
    assert response.status_code == 200


def test_empty_period_says_so(scenario, director, client_for):
    response = client_for(director).get(f"{DASHBOARD}?du=2031-01-01&au=2031-12-31")
    assert "Aucune activité enregistrée sur cette période" in response.content.decode()


def test_drilldown_lists_the_patients_behind_the_figure(
    scenario, director, client_for, django_assert_max_num_queries
):
    client = client_for(director)
    with django_assert_max_num_queries(18):
        response = client.get(drill_url("file_active.patients"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("p1", "p2", "p3", "p4"):
        assert scenario.patients[name].birth_name in html
    assert scenario.patients["p5"].birth_name not in html  # objected to reuse
    assert scenario.patients["p6"].birth_name not in html  # no activity in 2026
    event = AuditEvent.objects.filter(action="reporting.drilldown.viewed").latest("id")
    assert event.details["indicator"] == "file_active.patients"
    assert event.details["rows"] == 4


def test_drilldown_of_requests_and_other_network(scenario, director, client_for):
    response = client_for(director).get(drill_url("requests.by_outcome.forwarded"))
    assert response.status_code == 200
    assert scenario.requests["r5a"].receipt_number in response.content.decode()
    # A director of the other network sees only its own rows behind the same figure.
    other_director = MembershipFactory(network=scenario.other, role="director").user
    html = client_for(other_director).get(drill_url("file_active.patients")).content.decode()
    assert scenario.patients["p1"].birth_name not in html
    assert scenario.patients["o"].birth_name in html


def test_unknown_drilldown_is_404(scenario, director, client_for):
    assert client_for(director).get(drill_url("journal.minutes")).status_code == 404
    assert client_for(director).get(drill_url("requests.total", "du=x")).status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "json"])
def test_downloads_are_audited_exports(scenario, director, client_for, fmt):
    response = client_for(director).get(reverse("reporting:download", args=[fmt]) + "?" + PERIOD)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="reporting.report.exported").latest("id")
    assert event.details["format"] == fmt


def test_downloaded_json_matches_the_page(scenario, director, client_for):
    client = client_for(director)
    data = json.loads(
        client.get(reverse("reporting:download", args=["json"]) + "?" + PERIOD).content
    )
    html = client.get(f"{DASHBOARD}?{PERIOD}").content.decode()
    assert data["file_active"]["patients"] == 4
    link = drill_url("file_active.patients").replace("&", "&amp;")
    assert f'data-key="file_active.patients"><a href="{link}"' in html
    assert f">{data['requests']['total']}</a>" in html


def test_ars_template_download(scenario, director, client_for):
    url = reverse("reporting:download", args=["ars"]) + f"?{PERIOD}&modele=ara"
    response = client_for(director).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-ara.xlsx"')
    bad = client_for(director).get(reverse("reporting:download", args=["ars"]) + "?" + PERIOD)
    assert bad.status_code == 302


def test_director_enters_cpom_targets_once(scenario, director, client_for):
    client = client_for(director)
    url = reverse("reporting:targets")
    assert client.get(url + "?annee=2026").status_code == 200
    response = client.post(url, {"annee": "2026", "t2": "150", "t0": ""})
    assert response.status_code == 302
    target = CpomTarget.objects.get(network=scenario.network, year=2026)
    assert (target.indicator_key, int(target.target)) == ("file_active.patients", 150)
    assert AuditEvent.objects.filter(action="reporting.cpom_target.updated").exists()
    html = client.get(f"{DASHBOARD}?{PERIOD}").content.decode()
    assert "Objectif CPOM : 150" in html
    # A negative target is refused with a French message, nothing saved is lost.
    response = client.post(url, {"annee": "2026", "t2": "-3"})
    assert response.status_code == 200
    assert CpomTarget.objects.get(network=scenario.network, year=2026).target == 150


def test_medical_lead_may_not_edit_targets(scenario, medical_lead, client_for):
    assert client_for(medical_lead).get(reverse("reporting:targets")).status_code == 404


def test_dashboard_panel_is_lazy_and_its_figures_load(
    scenario, director, client_for, django_assert_max_num_queries
):
    client = client_for(director)
    page = client.get("/tableau-de-bord/").content.decode()
    assert 'data-testid="reporting-panel"' in page
    with django_assert_max_num_queries(14):
        response = client.get(reverse("reporting:panel"))
    assert response.status_code == 200
    assert 'data-testid="panel-file-active"' in response.content.decode()


def test_panel_is_refused_to_other_roles(scenario, coordinator, client_for):
    assert client_for(coordinator).get(reverse("reporting:panel")).status_code == 404
    page = client_for(coordinator).get("/tableau-de-bord/").content.decode()
    assert "reporting-panel" not in page


def test_small_cells_hidden_on_the_page(scenario, director, client_for):
    html = client_for(director).get(f"{DASHBOARD}?{PERIOD}&masquer=1").content.decode()
    assert 'data-testid="figure-file_active.patients">&lt; 10</p>' in html
    assert "/activite/detail/" not in html  # no drill-down from a published report


def test_thematic_and_per_coordinator_figures_on_the_page(scenario, director, client_for):
    from maillage.networks.models import Thematic

    scenario.network.thematics.set(Thematic.objects.all())
    client = client_for(director)
    html = client.get(f"{DASHBOARD}?{PERIOD}").content.decode()
    assert "Suivis par Alice Coord" in html and "Suivis par Bruno Coord" in html
    html = client.get(f"{DASHBOARD}?{PERIOD}&thematique=onco").content.decode()
    assert 'data-testid="figure-file_active.patients">' in html
    assert "thématique onco" in html
    link = drill_url("file_active.patients", PERIOD + "&thematique=onco").replace("&", "&amp;")
    assert f'<a href="{link}"' in html
    drilled = client.get(drill_url("file_active.patients", PERIOD + "&thematique=onco"))
    assert scenario.patients["p2"].birth_name in drilled.content.decode()
    assert scenario.patients["p1"].birth_name not in drilled.content.decode()
