"""Browser journeys of the directory: search with a typo and a commune; the territory map
(offline: the tile server is unreachable in tests, the communes must still be drawn)."""

import pytest

from maillage.directory.communes_fixture import load_communes_44
from maillage.directory.tests.factories import ActivityFactory, ProfessionalFactory
from maillage.networks.models import Coverage
from maillage.networks.tests.factories import ThematicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def territory(network):
    communes = {c.insee_code: c for c in load_communes_44()}
    pro = ProfessionalFactory(last_name="DUPONT", first_name="HÉLÈNE", search_name="dupont helene")
    ActivityFactory(professional=pro, commune=communes["44143"], postal_code="44400", city="REZE")
    far = ProfessionalFactory(last_name="DUPONTEL", first_name="JEAN", search_name="dupontel jean")
    ActivityFactory(professional=far, commune=communes["44184"], postal_code="44600")
    onco = ThematicFactory(code="cancerologie", label="Cancérologie")
    for commune in communes.values():
        Coverage.objects.create(network=network, thematic=onco, commune=commune)
    return communes


def test_a_coordinator_finds_a_professional_with_a_typo_and_a_commune(
    login_page, coordinator, territory, live_url, assert_accessible
):
    page = login_page(coordinator)
    page.goto(live_url("/annuaire/"))
    assert_accessible(page)
    page.get_by_label("Rechercher").fill("dupnot")  # two letters swapped
    page.locator("summary", has_text="Filtres").click()
    page.get_by_label("Commune ou code postal").fill("44400")
    page.get_by_role("button", name="Rechercher").click()
    results = page.get_by_test_id("results")
    results.get_by_text("Hélène DUPONT").wait_for()
    assert "Rezé" in page.get_by_test_id("place").inner_text()
    assert "DUPONTEL" not in results.inner_text()
    assert "q=dupnot" in page.url  # htmx pushed the search into the address bar
    page.get_by_role("link", name="Hélène DUPONT").click()
    page.get_by_role("heading", name="Hélène DUPONT").wait_for()
    page.locator("[data-map-markers][data-points='1']").wait_for()
    assert_accessible(page)


def test_the_map_shows_the_territory_even_without_tiles(
    login_page, coordinator, territory, live_url, assert_accessible
):
    page = login_page(coordinator)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(live_url("/territoire/carte/"))
    container = page.locator("[data-map-markers]")
    container.wait_for()
    page.wait_for_function(
        "() => Number(document.querySelector('[data-map-markers]').dataset.points) > 0"
    )
    drawn = int(container.get_attribute("data-points"))
    assert drawn >= len(territory)  # every commune plus the directory points
    assert page.locator("path.leaflet-interactive").count() == drawn
    page.locator("[data-map-offline]").wait_for(state="visible")
    assert page.get_by_role("button", name="Zoom avant").is_visible()
    assert page.get_by_role("button", name="Zoom arrière").is_visible()
    assert_accessible(page)
