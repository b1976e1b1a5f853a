"""Coverage: routing (`networks_covering`), the territory pages, the map."""

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.core.models import Commune
from maillage.directory.communes_fixture import COMMUNES_44, load_communes_44
from maillage.directory.tests.factories import ActivityFactory, OrganisationFactory
from maillage.networks.models import Coverage
from maillage.networks.selectors import networks_covering
from maillage.networks.services import coverage_add_departement, resolve_codes
from maillage.networks.tests.factories import NetworkFactory, ThematicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes(db):
    return {c.insee_code: c for c in load_communes_44()}


@pytest.fixture
def onco(db):
    return ThematicFactory(code="cancerologie", label="Cancérologie")


@pytest.fixture
def geronto(db):
    return ThematicFactory(code="gerontologie", label="Gérontologie")


def test_it_answers_which_networks_cover_a_commune_for_a_thematic(
    network, other_network, communes, onco, geronto
):
    Coverage.objects.create(network=network, thematic=onco, commune=communes["44109"])
    Coverage.objects.create(network=other_network, thematic=onco, departement="44")
    Coverage.objects.create(network=other_network, thematic=geronto, commune=communes["44143"])
    assert list(networks_covering(communes["44109"], onco)) == [network, other_network]
    assert list(networks_covering("44143", "cancerologie")) == [other_network]
    assert list(networks_covering(communes["44143"], geronto)) == [other_network]
    assert list(networks_covering(communes["44109"], geronto)) == []
    assert set(networks_covering(communes["44109"], None)) == {network, other_network}
    other_network.is_active = False
    other_network.save()
    assert list(networks_covering(communes["44184"], onco)) == []


def test_an_arrondissement_routes_like_its_parent_commune(network, onco):
    paris = Commune.objects.create(
        insee_code="75056", name="Paris", search_name="paris", departement="75", cog_type="COM"
    )
    arm = Commune.objects.create(
        insee_code="75115", name="Paris 15e", search_name="paris 15e", cog_type="ARM",
        parent=paris,
    )  # fmt: skip
    Coverage.objects.create(network=network, thematic=onco, commune=paris)
    assert list(networks_covering(arm, onco)) == [network]


def test_every_demo_commune_is_routed_by_the_demo_seed(communes, onco):
    from maillage.networks.seed import seed_coverage

    class Ctx:
        networks = {"main": NetworkFactory(slug="dac-estuaire"), "other": NetworkFactory()}
        data = {"thematics": {"cancerologie": onco}}

        def log(self, message):
            pass

    Ctx.networks["main"].thematics.set([onco])
    seed_coverage(Ctx(), list(communes.values()))
    for code, *_ in COMMUNES_44:
        assert Ctx.networks["main"] in networks_covering(code, "cancerologie"), code


def test_communes_are_picked_by_name_too(communes):
    found = resolve_codes("Rezé, vertou\nSaint-Herblain; Atlantis")
    assert [c.insee_code for c in found.communes] == ["44143", "44215", "44162"]
    assert found.unknown == ["atlantis"]


def test_pasted_codes_resolve_insee_and_postal_codes(communes):
    found = resolve_codes("44109, 44400\n44640 ; 99999 abc")
    codes = [c.insee_code for c in found.communes]
    assert codes[:2] == ["44109", "44143"]
    assert {"44120", "44166"} <= set(codes)  # 44640 serves two communes
    assert found.unknown == ["99999"]


STAFF = ["reception", "coordinator", "medical_lead", "director", "network_admin"]


@pytest.mark.parametrize("persona", STAFF)
def test_every_staff_role_reads_the_territory_and_asks_who_covers(
    request, client_for, persona, network, communes, onco, django_assert_max_num_queries
):
    Coverage.objects.create(network=network, thematic=onco, commune=communes["44109"])
    client = client_for(request.getfixturevalue(persona))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("networks:coverage"))
    assert page.status_code == 200 and "Nantes (44109)" in page.content.decode()
    answer = client.get(
        reverse("networks:who_covers"), {"place": "44000", "thematic": "cancerologie"}
    )
    assert network.name in answer.content.decode()


def test_who_covers_says_so_when_nobody_does_or_the_commune_is_unknown(
    client_for, reception, communes, onco
):
    client = client_for(reception)
    nobody = client.get(
        reverse("networks:who_covers"), {"place": "Pornic", "thematic": "cancerologie"}
    )
    assert "Aucun réseau ne couvre cette commune" in nobody.content.decode()
    unknown = client.get(reverse("networks:who_covers"), {"place": "Zzz"}, HTTP_HX_REQUEST="true")
    assert "Commune introuvable" in unknown.content.decode()


@pytest.mark.parametrize("persona", ["director", "network_admin"])
def test_the_director_and_admin_add_communes_by_codes_or_a_departement(
    request, client_for, persona, network, communes, onco
):
    network.thematics.set([onco])
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        reverse("networks:coverage_add"), {"thematics": [onco.pk], "codes": "44109 44400"}
    )
    assert response.status_code == 302
    assert set(Coverage.objects.values_list("commune_id", flat=True)) == {"44109", "44143"}
    client.post(reverse("networks:coverage_add"), {"thematics": [onco.pk], "departement": "44"})
    assert Coverage.objects.filter(departement="44").count() == 1
    assert AuditEvent.objects.filter(action="networks.coverage.added").count() == 2
    coverage = Coverage.objects.get(commune_id="44109")
    client.post(reverse("networks:coverage_remove", args=[coverage.public_id]))
    assert not Coverage.objects.filter(commune_id="44109").exists()


def test_the_add_form_explains_what_to_fix(client_for, director, network, communes, onco):
    network.thematics.set([onco])
    response = client_for(director).post(
        reverse("networks:coverage_add"), {"thematics": [onco.pk], "codes": "44109 12345"}
    )
    assert response.status_code == 400
    assert "Communes : inconnues 12345" in response.content.decode()
    assert not Coverage.objects.exists()
    response = client_for(director).post(reverse("networks:coverage_add"), {"codes": "44109"})
    assert "Thématiques : cochez au moins une thématique" in response.content.decode()


@pytest.mark.parametrize("persona", ["reception", "coordinator", "medical_lead"])
def test_other_roles_cannot_change_the_territory(
    request, client_for, persona, network, communes, onco
):
    coverage = Coverage.objects.create(network=network, thematic=onco, commune=communes["44109"])
    client = client_for(request.getfixturevalue(persona))
    assert client.post(reverse("networks:coverage_add"), {"codes": "44143"}).status_code == 404
    assert (
        client.post(reverse("networks:coverage_remove", args=[coverage.public_id])).status_code
        == 404
    )
    assert Coverage.objects.count() == 1


def test_another_network_cannot_remove_our_coverage(
    client_for, network, other_network, communes, onco
):
    from maillage.accounts.models import Role
    from maillage.accounts.tests.factories import MembershipFactory

    other_director = MembershipFactory(network=other_network, role=Role.DIRECTOR).user
    coverage = Coverage.objects.create(network=network, thematic=onco, commune=communes["44109"])
    response = client_for(other_director).post(
        reverse("networks:coverage_remove", args=[coverage.public_id])
    )
    assert response.status_code == 404
    assert Coverage.objects.filter(pk=coverage.pk).exists()


@pytest.mark.parametrize(
    "persona", ["anonymous", "external_outside", "superuser_without_membership"]
)
def test_non_staff_cannot_see_the_territory(request, client, client_for, persona):
    c = client if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    for name in ("networks:coverage", "networks:who_covers", "networks:map"):
        response = c.get(reverse(name))
        assert response.status_code in (302, 404)
        if persona == "anonymous":
            assert "/compte/connexion/" in response["Location"]


def test_the_map_carries_communes_and_directory_points(
    client_for, coordinator, network, communes, onco, django_assert_max_num_queries
):
    coverage_add_departement(actor=None, network=network, thematics=[onco], departement="44")
    ActivityFactory(commune=communes["44143"])
    OrganisationFactory(commune=communes["44109"], latitude=47.22, longitude=-1.55)
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("networks:map"))
    content = response.content.decode()
    assert 'data-map-markers="territory-points"' in content
    assert content.count('"kind": "commune"') == len(COMMUNES_44)
    assert '"kind": "professional"' in content and '"kind": "organisation"' in content


# --- Picking communes -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director", "network_admin"])
def test_the_picker_offers_communes_by_name_typo_or_postal_code_and_keeps_the_ticked_ones(
    request, client_for, persona, communes, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("networks:commune_choices")
    with django_assert_max_num_queries(10):  # session, user, membership, network…; 2 searching
        by_name = client.get(url, {"pick": "saint seb"}).content.decode()
    assert 'value="44190"' in by_name and "Saint-Sébastien-sur-Loire (44190)" in by_name
    assert 'value="44162"' not in by_name
    assert 'value="44143"' in client.get(url, {"pick": "reze"}).content.decode()
    assert 'value="44162"' in client.get(url, {"pick": "Saint-Herblan"}).content.decode()
    by_postal = client.get(url, {"pick": "44640"}).content.decode()
    assert 'value="44120"' in by_postal and 'value="44166"' in by_postal
    kept = client.get(url, {"pick": "pornic", "picked": ["44143", "99999"]}).content.decode()
    assert 'value="44143" id="id_picked_44143" checked' in kept
    assert 'value="44131"' in kept and "99999" not in kept
    nothing = client.get(url, {"pick": "'; DROP TABLE core_commune; -- 😀"}).content.decode()
    assert "Aucune commune ne correspond" in nothing


@pytest.mark.parametrize(
    "persona", ["reception", "coordinator", "medical_lead", "coordinator_other_network"]
)
def test_the_picker_is_for_those_who_change_the_territory(request, client_for, persona, communes):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("networks:commune_choices"), {"pick": "reze"}).status_code == 404


def test_the_picker_sends_the_anonymous_visitor_to_login(client):
    response = client.get(reverse("networks:commune_choices"), {"pick": "reze"})
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_picked_communes_are_added_with_the_pasted_ones(
    client_for, director, network, communes, onco, geronto
):
    network.thematics.set([onco, geronto])
    response = client_for(director).post(
        reverse("networks:coverage_add"),
        {"thematics": [onco.pk, geronto.pk], "picked": ["44190", "44131"], "codes": "44109"},
    )
    assert response.status_code == 302
    assert Coverage.objects.filter(network=network).count() == 6
    for code in ("44190", "44131", "44109"):
        assert network in networks_covering(code, "gerontologie")


def test_a_vanished_or_unknown_picked_commune_is_named_in_the_error(
    client_for, director, network, communes, onco
):
    network.thematics.set([onco])
    Commune.objects.filter(insee_code="44131").update(is_current=False)
    response = client_for(director).post(
        reverse("networks:coverage_add"), {"thematics": [onco.pk], "picked": ["44131", "44190"]}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Communes choisies : inconnues ou disparues du COG 44131" in content
    assert 'value="44190" id="id_picked_44190" checked' in content  # kept ticked
    assert not Coverage.objects.exists()


def test_the_demo_seed_routes_every_demo_commune_for_every_thematic(settings):
    """`seed_demo --scale demo` itself (not a stand-in context): every commune it loads is
    answered by `networks_covering` for each thematic of the demo network."""
    from io import StringIO

    from django.core.management import call_command

    from maillage.networks.models import Network

    settings.MAILLAGE_ALLOW_SEED = True
    call_command("seed_demo", "--scale", "demo", stdout=StringIO())
    main = Network.objects.get(slug="dac-estuaire")
    thematics = list(main.thematics.all())
    assert thematics and Commune.objects.count() == len(COMMUNES_44)
    for commune in Commune.objects.all():
        for thematic in thematics:
            assert main in networks_covering(commune, thematic), (commune, thematic)


def test_who_covers_a_postal_code_serving_several_communes_offers_the_others(
    client_for, reception, network, communes, onco
):
    Coverage.objects.create(network=network, thematic=onco, commune=communes["44166"])
    client = client_for(reception)
    first = client.get(
        reverse("networks:who_covers"),
        {"place": "44640", "thematic": "cancerologie"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Le Pellerin (44120)" in first and "Aucun réseau ne couvre cette commune" in first
    assert "Ce code postal dessert aussi" in first
    assert "?place=44166&amp;thematic=cancerologie" in first
    other = client.get(
        reverse("networks:who_covers"), {"place": "44166", "thematic": "cancerologie"}
    ).content.decode()
    assert "Saint-Jean-de-Boiseau (44166)" in other and network.name in other
    assert "Ce code postal dessert aussi" not in other


def test_the_map_says_when_it_shows_only_part_of_a_large_territory(
    client_for, coordinator, network, communes, onco, monkeypatch
):
    from maillage.networks import views

    coverage_add_departement(actor=None, network=network, thematics=[onco], departement="44")
    monkeypatch.setattr(views, "MAP_COMMUNES_LIMIT", 5)
    content = client_for(coordinator).get(reverse("networks:map")).content.decode()
    assert content.count('"kind": "commune"') == 5
    assert "La carte montre les 5 premières communes du territoire" in content
