"""Browser journeys of the territory and the services: picking communes for the coverage,
"who covers commune X for thematic Y" answered in place, a service found with a typo and a
commune."""

import pytest
from playwright.sync_api import expect

from maillage.directory.communes_fixture import load_communes_44
from maillage.directory.tests.factories import ResourceFactory
from maillage.networks.models import Coverage
from maillage.networks.tests.factories import ThematicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def communes(db):
    return {c.insee_code: c for c in load_communes_44()}


@pytest.fixture
def onco(network):
    thematic = ThematicFactory(code="cancerologie", label="Cancérologie")
    network.thematics.set([thematic])
    return thematic


def test_the_director_picks_communes_by_name_and_adds_them_to_the_territory(
    authenticated_page, director, network, communes, onco, live_url, assert_accessible
):
    page = authenticated_page(director)
    page.goto(live_url("/territoire/"))
    page.get_by_label("Cancérologie").check()
    picker = page.get_by_label("Chercher une commune (nom ou code postal)")
    picker.fill("reze")
    page.get_by_label("Rezé (44143)").check()
    picker.fill("pornik")  # a typo
    page.get_by_label("Pornic (44131)").check()
    assert page.get_by_label("Rezé (44143)").is_checked()  # kept while searching again
    picker.fill("44640")  # a postal code serving two communes
    page.get_by_label("Le Pellerin (44120)", exact=False).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ajouter").click()
    page.get_by_text("Territoire mis à jour : 2 ajout(s).").wait_for()
    rows = page.get_by_test_id("coverage-row")
    assert rows.count() == 2
    assert set(Coverage.objects.values_list("commune_id", flat=True)) == {"44143", "44131"}


def test_reception_asks_who_covers_a_commune_for_a_thematic(
    authenticated_page, reception, network, other_network, communes, onco, live_url
):
    Coverage.objects.create(network=network, thematic=onco, commune=communes["44143"])
    Coverage.objects.create(network=other_network, thematic=onco, departement="44")
    page = authenticated_page(reception)
    page.goto(live_url("/territoire/"))
    page.get_by_label("Commune ou code postal").fill("44400")
    page.get_by_label("Thématique").select_option("cancerologie")
    page.get_by_role("button", name="Chercher").click()
    answer = page.get_by_test_id("who-answer")
    answer.get_by_text("Rezé (44143) — Cancérologie").wait_for()
    names = answer.locator("li").all_inner_texts()
    assert names[0].startswith(network.name)  # the commune's own coverage first
    assert names[1].startswith(other_network.name)  # then the whole département
    assert "/territoire/" in page.url and "qui-couvre" not in page.url  # answered in place


def test_a_coordinator_finds_a_service_with_a_typo_and_a_commune(
    authenticated_page, coordinator, network, communes, live_url, assert_accessible
):
    memory = ResourceFactory(network=network, name="Atelier mémoire", search_name="atelier memoire")
    memory.area.add(communes["44143"])
    far = ResourceFactory(network=network, name="Atelier mémoire du littoral")
    far.area.add(communes["44184"])
    page = authenticated_page(coordinator)
    page.goto(live_url("/annuaire/"))
    page.locator("summary", has_text="Filtres").click()
    page.get_by_label("Type").select_option("services")
    page.get_by_label("Commune ou code postal").fill("Rezé")
    page.get_by_label("Rechercher").fill("ateliar memoire")
    page.get_by_role("button", name="Rechercher").click()
    # The answer to the last request, not an earlier live-search one (type chosen, no commune).
    expect(page.get_by_test_id("place")).to_contain_text("Rezé")
    results = page.get_by_test_id("results")
    expect(results.get_by_role("link", name="Atelier mémoire", exact=True)).to_be_visible()
    expect(results).not_to_contain_text("littoral")
    assert "kind=services" in page.url
    assert results.get_by_text("À compléter").count() == 1
    assert_accessible(page)
