"""Search filters (savoir-faire, mode, thematic), services found with a typo and a commune,
any input answering, and the resources' quality hint."""

import datetime
import html

import pytest
from django.urls import reverse

from maillage.directory.models import Specialty
from maillage.directory.quality import resource_quality_hints
from maillage.directory.tests.factories import (
    ActivityFactory,
    ProfessionalFactory,
    ResourceFactory,
)
from maillage.networks.tests.factories import ThematicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(communes_44):
    onco = Specialty.objects.create(
        code="SM54", label="Oncologie médicale", search_name="oncologie medicale"
    )
    martin = ProfessionalFactory(last_name="MARTIN", first_name="ALICE")
    martin.specialties.add(onco)
    ActivityFactory(professional=martin, commune=communes_44["44143"], mode_code="L")
    bernard = ProfessionalFactory(last_name="BERNARD", first_name="PAUL")
    ActivityFactory(professional=bernard, commune=communes_44["44143"], mode_code="S")
    return {"martin": martin, "bernard": bernard, "onco": onco}


def _names(response) -> str:
    return response.content.decode()


def test_the_savoir_faire_filter_is_offered_and_applied(client_for, coordinator, people):
    client = client_for(coordinator)
    page = _names(client.get(reverse("directory:search")))
    assert '<option value="SM54">Oncologie médicale</option>' in page
    found = _names(client.get(reverse("directory:search"), {"specialty": "SM54"}))
    assert "Alice MARTIN" in found and "BERNARD" not in found


def test_the_mode_of_practice_filter(client_for, coordinator, people):
    found = _names(client_for(coordinator).get(reverse("directory:search"), {"mode": "S"}))
    assert "Paul BERNARD" in found and "MARTIN" not in found


def test_the_thematic_filter_finds_professionals_offering_a_service(
    client_for, coordinator, network, people
):
    nutrition = ThematicFactory(code="nutrition", label="Nutrition")
    resource = ResourceFactory(network=network, professional=people["bernard"])
    resource.thematics.add(nutrition)
    found = _names(
        client_for(coordinator).get(reverse("directory:search"), {"thematic": "nutrition"})
    )
    assert "Paul BERNARD" in found and "MARTIN" not in found


def test_a_wrong_filter_value_drops_that_filter_only(client_for, coordinator, people):
    found = _names(
        client_for(coordinator).get(
            reverse("directory:search"), {"q": "martin", "profession": "zzz", "radius": "x"}
        )
    )
    assert "Alice MARTIN" in found and "BERNARD" not in found


def test_a_very_long_query_is_cut_not_refused(client_for, coordinator, people):
    query = "martin " + "x " * 5000  # one-letter words are ignored, the text cut at 200
    found = _names(client_for(coordinator).get(reverse("directory:search"), {"q": query}))
    assert "Alice MARTIN" in found and "BERNARD" not in found


@pytest.mark.parametrize(
    "query", ["' OR 1=1 --", "😀😀😀", "%", "\\", "<script>alert(1)</script>", "zzzzzz"]
)
def test_odd_inputs_answer_aucun_resultat(client_for, coordinator, people, query):
    response = client_for(coordinator).get(
        reverse("directory:search"), {"q": query, "place": query}
    )
    assert response.status_code == 200
    assert "Aucun résultat" in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_service_is_found_with_a_typo_and_a_commune(
    client_for, coordinator, network, communes_44
):
    memory = ResourceFactory(network=network, name="Atelier mémoire", search_name="atelier memoire")
    memory.area.add(communes_44["44143"])
    ResourceFactory(network=network, name="Atelier mémoire Saint-Nazaire").area.add(
        communes_44["44184"]
    )
    client = client_for(coordinator)
    found = _names(
        client.get(
            reverse("directory:search"),
            {"kind": "services", "q": "atelier memoir", "place": "44400"},
        )
    )
    assert "Atelier mémoire</a>" in found and "Saint-Nazaire" not in found
    around = _names(
        client.get(
            reverse("directory:search"),
            {"kind": "services", "q": "memoire", "place": "Nantes", "radius": "10"},
        )
    )
    assert "Atelier mémoire</a>" in around


def test_the_quality_hint_counts_an_online_form_and_shows_in_the_staff_list(
    client_for, coordinator, external_gp, network, communes_44
):
    complete = ResourceFactory(
        network=network,
        name="Service complet",
        search_name="service complet",
        referral_url="https://exemple.fr/formulaire",
        audience="Adultes",
        opening_hours="Lundi-vendredi 9h-17h",
        checked_on=datetime.date.today(),
    )
    complete.area.add(communes_44["44109"])
    complete.thematics.add(ThematicFactory())
    assert resource_quality_hints(complete) == []
    ResourceFactory(network=network, name="Service vide", search_name="service vide")
    staff = _names(client_for(coordinator).get(reverse("directory:search"), {"kind": "services"}))
    assert staff.count("À compléter (") == 1
    assert "Comment orienter : aucun téléphone" in staff  # the hint's text, in the badge title
    external = _names(
        client_for(external_gp).get(reverse("directory:search"), {"kind": "services"})
    )
    assert "À compléter" not in external


def test_a_closed_or_stale_resource(network):
    closed = ResourceFactory(network=network, status="closed")
    assert resource_quality_hints(closed) == []
    stale = ResourceFactory(network=network, checked_on=datetime.date(2020, 1, 1))
    assert "Dernière vérification il y a plus d'un an." in resource_quality_hints(stale)


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("732 829 320 00075", "la clé de contrôle du numéro d'établissement est invalide"),
        ("73282932100074", "le SIREN (9 premiers chiffres) a une clé de contrôle invalide"),
        ("7328293200007", "14 chiffres attendus (ici 13)"),
    ],
)
def test_a_hand_made_professional_siret_is_checked_with_stdnum(
    client_for, coordinator, communes_44, siret, message
):
    from maillage.directory.models import Professional

    data = {"last_name": "Morel", "profession": "Sophrologue", "place": "44215", "siret": siret}
    response = client_for(coordinator).post(reverse("directory:professional_create"), data)
    assert f"SIRET du lieu d'exercice : {message}" in html.unescape(response.content.decode())
    assert not Professional.objects.exists()
    data["siret"] = "732 829 320 00074"
    client_for(coordinator).post(reverse("directory:professional_create"), data)
    assert Professional.objects.get().activities.get().siret == "73282932000074"


def test_a_broad_search_says_more_than_the_cap_instead_of_counting_everything(
    client_for, coordinator, communes_44, monkeypatch, django_assert_max_num_queries
):
    from maillage.directory import selectors

    for n in range(14):
        ActivityFactory(
            professional=ProfessionalFactory(last_name=f"LEGRAND{n:02d}"),
            commune=communes_44["44109"],
        )
    monkeypatch.setattr(selectors, "COUNT_CAP", 12)
    client = client_for(coordinator)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("directory:search"), {"q": "legrand"}).content.decode()
    assert "Plus de 12 résultats" in page and "Seuls les 12 premiers sont parcourables" in page
    assert page.count('data-testid="professional-result"') == 12
    monkeypatch.setattr(selectors, "COUNT_CAP", 1000)
    page = client.get(reverse("directory:search"), {"q": "legrand"}).content.decode()
    assert "14 résultats" in page and "Plus de" not in page
    assert "Plus de 1\u202f000 résultats" not in page
    assert selectors.CappedPaginator([], 20).cap_display == "1\u202f000"


def test_one_box_says_what_the_other_kinds_hold_for_the_same_words(
    client_for, coordinator, network, communes_44
):
    from maillage.directory.tests.factories import OrganisationFactory

    OrganisationFactory(name="EHPAD Les Glycines", search_name="ehpad les glycines")
    ResourceFactory(network=network, name="Glycines à domicile", search_name="glycines a domicile")
    client = client_for(coordinator)
    page = html.unescape(
        client.get(reverse("directory:search"), {"q": "glycines"}).content.decode()
    )
    assert "Aucun résultat" in page
    assert "Structures (1)</a>" in page and "Services (1)</a>" in page
    assert "?q=glycines&kind=structures" in page
    structures = client.get(reverse("directory:search"), {"q": "glycines", "kind": "structures"})
    content = html.unescape(structures.content.decode())
    assert "EHPAD Les Glycines" in content and "Services (1)</a>" in content
    assert "Structures (1)</a>" not in content


def test_a_resource_finess_with_a_wrong_key_is_named_as_such(client_for, coordinator):
    from maillage.directory.models import Resource

    response = client_for(coordinator).post(
        reverse("directory:resource_create"),
        {"name": "Consultation", "organisation_finess": "010000025", "status": "active"},
    )
    assert "FINESS de la structure : 9 caractères dont la clé de contrôle" in html.unescape(
        response.content.decode()
    )
    assert not Resource.objects.exists()


def test_the_profession_vocabulary_reads_distinct_professions_not_one_row_per_name():
    """The model's ordering (search_name) must not enter the DISTINCT: after a national import
    it returned one row per name (600 000 rows, seconds) instead of a few professions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.directory import search

    for name in ("ALPHA", "BETA", "GAMMA"):
        ProfessionalFactory(last_name=name, profession_code="60", profession="Infirmier")
    with CaptureQueriesContext(connection) as captured:
        search.forget_vocabulary(rebuild=True)
    distinct = [q["sql"] for q in captured.captured_queries if "DISTINCT" in q["sql"]]
    assert distinct and all("search_name" not in sql for sql in distinct)
    professions, _ = search._vocabularies()
    assert professions["60"] == "Infirmier"
