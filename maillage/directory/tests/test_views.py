"""Directory pages: who may read, who may edit, what the search finds, the vCard."""

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.directory.models import (
    Activity,
    Professional,
    ProfessionalNetworkInfo,
    Resource,
    Source,
)
from maillage.directory.tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    ProfessionalFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db
READERS = ["reception", "coordinator", "medical_lead", "director", "network_admin"]
EDITORS = ["coordinator", "medical_lead", "network_admin"]
NON_EDITORS = ["reception", "director"]


@pytest.fixture
def dupont(communes_44):
    pro = ProfessionalFactory(last_name="DUPONT", first_name="HÉLÈNE", search_name="dupont helene")
    ActivityFactory(
        professional=pro,
        commune=communes_44["44143"],
        commune_code="44143",
        postal_code="44400",
        city="REZE",
        phone="02 40 12 34 56",
    )
    return pro


@pytest.fixture
def lemaitre(communes_44):
    pro = ProfessionalFactory(
        last_name="LEMAÎTRE",
        first_name="JEAN",
        search_name="lemaitre jean",
        profession_code="60",
        profession="Infirmier",
    )
    ActivityFactory(professional=pro, commune=communes_44["44184"], commune_code="44184")
    return pro


@pytest.mark.parametrize("persona", [*READERS, "external_gp"])
def test_every_staff_role_and_external_users_may_search(request, client_for, persona, dupont):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse("directory:search"), {"q": "dupont"})
    assert response.status_code == 200
    assert "Hélène DUPONT" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("directory:search"))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_a_superuser_without_membership_gets_404(client_for, superuser_without_membership):
    response = client_for(superuser_without_membership).get(reverse("directory:search"))
    assert response.status_code == 404


def test_search_tolerates_accents_case_and_a_typo(client_for, coordinator, dupont, lemaitre):
    client = client_for(coordinator)
    for query in ["DUPONT", "Hélène", "dupnt", "lemaitre", "LEMAÎTRE jean", "infirmier"]:
        content = client.get(reverse("directory:search"), {"q": query}).content.decode()
        expected = (
            "Jean LEMAÎTRE"
            if query in ("lemaitre", "LEMAÎTRE jean", "infirmier")
            else ("Hélène DUPONT")
        )
        assert expected in content, query


def test_search_filters_by_commune_or_postal_code_with_a_radius(
    client_for, coordinator, dupont, lemaitre
):
    client = client_for(coordinator)
    content = client.get(reverse("directory:search"), {"place": "Rezé"}).content.decode()
    assert "Hélène DUPONT" in content and "LEMAÎTRE" not in content
    content = client.get(reverse("directory:search"), {"place": "44400"}).content.decode()
    assert "Hélène DUPONT" in content
    # Nantes itself has nobody; within 10 km Rezé (about 6 km) is found, Saint-Nazaire is not.
    content = client.get(
        reverse("directory:search"), {"place": "Nantes", "radius": "10"}
    ).content.decode()
    assert "Hélène DUPONT" in content and "LEMAÎTRE" not in content
    content = client.get(reverse("directory:search"), {"place": "Atlantide"}).content.decode()
    assert "introuvable" in content and "Aucun résultat" in content


@pytest.mark.parametrize(
    "query", ["", "'; DROP TABLE directory_professional; --", "%_%", "é" * 5000, "\x00\U0001f600"]
)
def test_any_search_input_answers_without_error(client_for, coordinator, dupont, query):
    response = client_for(coordinator).get(
        reverse("directory:search"), {"q": query, "place": query[:100], "radius": "x"}
    )
    assert response.status_code == 200
    assert Professional.objects.filter(pk=dupont.pk).exists()


def test_the_search_refreshes_only_the_results_for_htmx(client_for, coordinator, dupont):
    response = client_for(coordinator).get(
        reverse("directory:search"),
        {"q": "dupont"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="results"') and "<html" not in content


def test_search_pages_and_counts_queries(
    client_for, coordinator, communes_44, django_assert_max_num_queries
):
    for n in range(25):
        pro = ProfessionalFactory(last_name=f"MARTIN{n:02d}", search_name=f"martin{n:02d}")
        ActivityFactory(professional=pro, commune=communes_44["44109"])
    client = client_for(coordinator)
    with django_assert_max_num_queries(16):
        page1 = client.get(reverse("directory:search"), {"q": "martin"}).content.decode()
    assert "25 résultats" in page1 and "Page 1 sur 2" in page1
    page2 = client.get(reverse("directory:search"), {"q": "martin", "page": "2"}).content.decode()
    assert page2.count('data-testid="professional-result"') == 5


def test_partner_filter_and_resources_are_per_network(
    client_for, coordinator, coordinator_other_network, network, other_network, dupont, lemaitre
):
    ProfessionalNetworkInfo.objects.create(network=network, professional=dupont, is_partner=True)
    content = client_for(coordinator).get(reverse("directory:search"), {"partner": "on"}).content
    assert "DUPONT" in content.decode() and "LEMAÎTRE" not in content.decode()
    other = client_for(coordinator_other_network).get(
        reverse("directory:search"), {"partner": "on"}
    )
    assert "DUPONT" not in other.content.decode()
    ResourceFactory(network=network, name="Atelier mémoire", search_name="atelier memoire")
    mine = client_for(coordinator).get(reverse("directory:search"), {"kind": "services"})
    theirs = client_for(coordinator_other_network).get(
        reverse("directory:search"), {"kind": "services"}
    )
    assert "Atelier mémoire" in mine.content.decode()
    assert "Atelier mémoire" not in theirs.content.decode()


def test_organisations_are_found_by_name_with_a_typo(client_for, coordinator, communes_44):
    OrganisationFactory(
        name="EHPAD Les Glycines", search_name="ehpad les glycines", commune=communes_44["44109"]
    )
    content = (
        client_for(coordinator)
        .get(reverse("directory:search"), {"kind": "structures", "q": "glicines", "place": "44000"})
        .content.decode()
    )
    assert "EHPAD Les Glycines" in content


@pytest.mark.parametrize("persona", [*READERS, "external_gp"])
def test_the_professional_page_lists_activities_with_a_map(
    request, client_for, persona, dupont, django_assert_max_num_queries
):
    ActivityFactory(professional=dupont, name="Second cabinet", is_active=True)
    client = client_for(request.getfixturevalue(persona))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("directory:professional", args=[dupont.public_id]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('data-testid="activity"') == 2
    assert 'data-map-markers="activity-points"' in content


def test_the_network_notes_are_shown_only_to_that_network(
    client_for, reception, coordinator_other_network, external_gp, network, dupont
):
    ProfessionalNetworkInfo.objects.create(
        network=network, professional=dupont, notes="Préfère être appelée le matin"
    )
    url = reverse("directory:professional", args=[dupont.public_id])
    assert "Préfère être appelée" in client_for(reception).get(url).content.decode()
    assert (
        "Préfère être appelée"
        not in client_for(coordinator_other_network).get(url).content.decode()
    )
    assert "Préfère être appelée" not in client_for(external_gp).get(url).content.decode()


def test_an_unknown_professional_is_404(client_for, coordinator):
    response = client_for(coordinator).get(
        reverse("directory:professional", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert response.status_code == 404


def test_the_vcard_carries_directory_fields_only_and_is_audited(
    client_for, coordinator, network, dupont
):
    ProfessionalNetworkInfo.objects.create(network=network, professional=dupont, notes="SECRET")
    response = client_for(coordinator).get(
        reverse("directory:professional_vcard", args=[dupont.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCARD\r\nVERSION:4.0") and "DUPONT" in body
    assert "02 40 12 34 56" in body and "SECRET" not in body
    event = AuditEvent.objects.get(action="directory.professional.exported")
    assert event.details["format"] == "vcf"


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_record_what_the_network_adds(request, client_for, persona, network, dupont):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("directory:professional_network_info", args=[dupont.public_id])
    response = client.post(
        url,
        {
            "notes": "Partenaire fiable",
            "is_partner": "on",
            "support_care_convention": "on",
            "convention_signed_on": "2026-01-15",
            "mssante_email": "h.dupont@medecin.mssante.fr",
        },
    )
    assert response.status_code == 302
    info = ProfessionalNetworkInfo.objects.get(network=network, professional=dupont)
    assert info.is_partner and info.notes == "Partenaire fiable"
    dupont.refresh_from_db()
    assert dupont.mssante_email == "h.dupont@medecin.mssante.fr"
    assert AuditEvent.objects.filter(action="directory.professional_network_info.updated").exists()


@pytest.mark.parametrize("persona", [*NON_EDITORS, "external_gp", "coordinator_other_network"])
def test_readers_cannot_edit(request, client_for, persona, network, dupont):
    client = client_for(request.getfixturevalue(persona))
    activity = dupont.activities.get()
    for url, data in [
        (reverse("directory:professional_network_info", args=[dupont.public_id]), {"notes": "x"}),
        (reverse("directory:activity_contact", args=[activity.public_id]), {"phone": "0102030405"}),
        (reverse("directory:professional_create"), {"last_name": "X"}),
        (reverse("directory:resource_create"), {"name": "X"}),
    ]:
        response = client.post(url, data)
        if persona == "coordinator_other_network":
            assert response.status_code in (302, 200)  # edits are for their own network
        else:
            assert response.status_code == 404, url
    assert not ProfessionalNetworkInfo.objects.filter(network=network).exists()


def test_a_corrected_phone_is_validated_and_flagged(client_for, coordinator, dupont):
    activity = dupont.activities.get()
    url = reverse("directory:activity_contact", args=[activity.public_id])
    client = client_for(coordinator)
    bad = client.post(url, {"phone": "12", "phone2": "", "email": "pas-un-courriel"})
    assert "Téléphone : saisissez un numéro" in bad.content.decode()
    assert "Courriel : saisissez une adresse valide" in bad.content.decode()
    client.post(url, {"phone": "02 51 00 00 00", "phone2": "", "email": "cab@example.fr"})
    activity.refresh_from_db()
    assert activity.phone == "02 51 00 00 00" and activity.contact_edited


def test_a_hand_made_professional_is_created_with_its_place(client_for, coordinator, communes_44):
    response = client_for(coordinator).post(
        reverse("directory:professional_create"),
        {
            "last_name": "Morel",
            "first_name": "Léa",
            "profession": "Sophrologue",
            "place": "44215",
            "phone": "06 00 00 00 01",
        },
    )
    assert response.status_code == 302
    pro = Professional.objects.get(last_name="Morel")
    assert pro.source == Source.MANUAL and pro.national_id is None
    activity = Activity.objects.get(professional=pro)
    assert activity.commune_id == "44215" and activity.contact_edited


def test_a_hand_made_professional_form_names_the_field_to_fix(client_for, coordinator, communes_44):
    response = client_for(coordinator).post(
        reverse("directory:professional_create"), {"last_name": "", "profession": "", "place": "99"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Commune : saisissez un code INSEE ou un code postal connu" in content
    assert not Professional.objects.exists()


def test_resources_are_curated_with_a_quality_hint(client_for, coordinator, network, communes_44):
    from maillage.networks.tests.factories import ThematicFactory

    thematic = ThematicFactory(code="nutrition", label="Nutrition")
    client = client_for(coordinator)
    response = client.post(
        reverse("directory:resource_create"),
        {
            "name": "Consultation diététique",
            "thematics": [thematic.pk],
            "area_codes": "44109, 44143 44999",
            "status": "active",
        },
    )
    assert "inconnues 44999" in response.content.decode()
    assert not Resource.objects.exists()
    client.post(
        reverse("directory:resource_create"),
        {
            "name": "Consultation diététique",
            "thematics": [thematic.pk],
            "area_codes": "44400",
            "status": "active",
        },
    )
    resource = Resource.objects.get()
    assert resource.network == network
    assert list(resource.area.values_list("insee_code", flat=True)) == ["44143"]
    page = client.get(reverse("directory:resource", args=[resource.public_id])).content.decode()
    assert "Comment orienter : aucun téléphone" in page and "Jamais vérifiée" in page
    client.post(reverse("directory:resource_checked", args=[resource.public_id]))
    resource.refresh_from_db()
    assert resource.checked_on is not None


def test_another_network_cannot_open_or_edit_our_resource(
    client_for, coordinator_other_network, network
):
    resource = ResourceFactory(network=network)
    client = client_for(coordinator_other_network)
    assert client.get(reverse("directory:resource", args=[resource.public_id])).status_code == 404
    assert (
        client.get(reverse("directory:resource_edit", args=[resource.public_id])).status_code == 404
    )


def test_a_short_word_needs_a_close_name_on_postgresql(db):
    """3-4 letter words: the GIN index finds names sharing two letters, the stricter bound
    keeps the close ones; longer words keep their tolerance of a transposition."""
    from django.db import connection

    from maillage.directory.models import Professional
    from maillage.directory.search import search_professionals
    from maillage.directory.tests.factories import ProfessionalFactory

    if connection.vendor != "postgresql":
        pytest.skip("similarité trigramme propre à PostgreSQL")
    leroy = ProfessionalFactory(last_name="LEROY", first_name="ANNE", search_name="leroy anne")
    ProfessionalFactory(last_name="LEBRUN", first_name="PAUL", search_name="lebrun paul")
    dupont = ProfessionalFactory(last_name="DUPONT", first_name="LEA", search_name="dupont lea")
    assert set(search_professionals(query="lero")) == {leroy}
    assert set(search_professionals(query="dupnot")) == {dupont}
    assert Professional.objects.count() == 3
