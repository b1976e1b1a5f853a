"""Pickers of the request forms: directory professionals (requester, GP), communes, routing
hints; how the forms use their choices; several attachments on the public form."""

import json
import time

import pytest
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from maillage.directory.tests.factories import ActivityFactory, ProfessionalFactory
from maillage.files.models import StoredFile
from maillage.files.tests import samples
from maillage.intake.forms import _STAMP_SALT, MAX_ATTACHMENTS
from maillage.intake.models import SupportRequest
from maillage.intake.tests.factories import SupportRequestFactory
from maillage.networks.models import Coverage
from maillage.networks.tests.factories import ThematicFactory
from maillage.patients.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_directory_vocabulary():
    cache.clear()


@pytest.fixture
def lemoine():
    pro = ProfessionalFactory(last_name="LEMOINE", first_name="ANTOINE", search_name="")
    pro.search_name = "lemoine antoine"
    pro.save()
    ActivityFactory(professional=pro, name="Cabinet du Port", phone="02 40 11 22 33")
    return pro


@pytest.fixture
def communes():
    nantes = CommuneFactory(insee_code="44109", name="Nantes", postal_code="44000")
    CommuneFactory(insee_code="44109", postal_code="44100")
    reze = CommuneFactory(insee_code="44143", name="Rezé", postal_code="44400")
    yon = CommuneFactory(insee_code="85191", name="La Roche-sur-Yon", postal_code="85000")
    return {"nantes": nantes, "reze": reze, "yon": yon}


def _options(response) -> list[dict]:
    """The listbox options of a picker answer, as dicts of their data attributes."""
    import re

    html = response.content.decode()
    found = []
    for attrs in re.findall(r'<li role="option"([^>]*)>', html):
        found.append(
            {k: v.replace("&quot;", '"') for k, v in re.findall(r'data-([a-z-]+)="([^"]*)"', attrs)}
        )
    return found


# --- Directory picker -----------------------------------------------------------------


def test_the_directory_picker_tolerates_a_typo_and_fills_the_requesters_contact(
    client_for, reception, lemoine, django_assert_max_num_queries
):
    client = client_for(reception)
    url = reverse("intake:directory_options")
    client.get(url, {"requester_name": "lemoyne"})
    # Session, user, device, membership, session touch (3), then 2 for the picker itself.
    with django_assert_max_num_queries(10):
        response = client.get(url, {"requester_name": "lemoyne"})
    options = _options(response)
    assert [o["value"] for o in options] == [str(lemoine.public_id)]
    assert json.loads(options[0]["fill-empty"]) == {
        "id_requester_phone": "02 40 11 22 33",
        "id_requester_organisation": "Cabinet du Port",
    }
    assert json.loads(options[0]["fill"]) == {"id_requester_quality": "gp"}


def test_the_gp_picker_fills_nothing_else(client_for, coordinator, lemoine):
    response = client_for(coordinator).get(
        reverse("intake:directory_options"), {"gp_name": "Lemoine"}
    )
    options = _options(response)
    assert options[0]["value"] == str(lemoine.public_id)
    assert "fill" not in options[0] and "fill-empty" not in options[0]


def test_the_directory_picker_answers_nothing_to_one_letter(client_for, reception, lemoine):
    response = client_for(reception).get(reverse("intake:directory_options"), {"gp_name": "l"})
    assert response.status_code == 200 and _options(response) == []


def test_the_directory_picker_leaves_out_inactive_professionals(client_for, reception):
    ProfessionalFactory(last_name="DORMANT", search_name="dormant jean", is_active=False)
    response = client_for(reception).get(
        reverse("intake:directory_options"), {"gp_name": "dormant"}
    )
    assert _options(response) == []


@pytest.mark.parametrize(
    "name", ["intake:directory_options", "intake:commune_options", "intake:routing_hint"]
)
def test_the_staff_pickers_refuse_the_wrong_role_and_anonymous(
    client, client_for, network_admin, external_in_team, name
):
    url = reverse(name)
    assert client_for(network_admin).get(url, {"q": "nantes"}).status_code == 404
    assert client_for(external_in_team).get(url, {"q": "nantes"}).status_code == 404
    response = client.get(url, {"q": "nantes"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


# --- Commune picker -------------------------------------------------------------------


def test_the_commune_picker_finds_by_name_with_a_typo_and_fills_the_postal_code(
    client_for, reception, communes, django_assert_max_num_queries
):
    client = client_for(reception)
    url = reverse("intake:commune_options")
    client.get(url, {"commune_name": "nantse"})
    with django_assert_max_num_queries(10):
        response = client.get(url, {"commune_name": "Nantse"})
    options = _options(response)
    assert [o["value"] for o in options] == ["44109"]
    assert json.loads(options[0]["fill"]) == {"id_commune_postal_code": "44000"}


def test_the_commune_picker_finds_by_postal_code(client_for, reception, communes):
    client = client_for(reception)
    url = reverse("intake:commune_options")
    options = _options(client.get(url, {"commune_name": "44100"}))
    assert [o["value"] for o in options] == ["44109"]
    assert json.loads(options[0]["fill"]) == {"id_commune_postal_code": "44100"}
    by_department = [o["value"] for o in _options(client.get(url, {"commune_name": "44"}))]
    assert by_department == ["44109", "44143"]
    assert _options(client.get(url, {"commune_name": "4"})) == []


def test_the_commune_picker_puts_names_starting_with_the_text_first(
    client_for, reception, communes
):
    CommuneFactory(insee_code="44190", name="Saint-Sébastien-sur-Loire", postal_code="44230")
    CommuneFactory(insee_code="44184", name="Sainte-Luce-sur-Loire", postal_code="44980")
    response = client_for(reception).get(
        reverse("intake:commune_options"), {"commune_name": "sainte"}
    )
    assert _options(response)[0]["value"] == "44184"


def test_the_public_commune_picker_is_open_and_limited_per_ip(client, network, communes):
    url = reverse("intake:public_commune_options", args=[network.slug])
    assert [o["value"] for o in _options(client.get(url, {"commune_name": "Reze"}))] == ["44143"]
    for _ in range(299):
        client.get(url, {"commune_name": "ne"})
    assert client.get(url, {"commune_name": "Reze"}).status_code == 429
    other_ip = client.get(url, {"commune_name": "Reze"}, REMOTE_ADDR="10.9.9.9")
    assert other_ip.status_code == 200
    assert client.get(reverse("intake:public_commune_options", args=["nulle"])).status_code in (
        404,
        429,
    )


def test_an_unknown_network_has_no_public_pickers(client):
    assert client.get(reverse("intake:public_commune_options", args=["nulle"])).status_code == 404
    assert client.get(reverse("intake:public_routing_hint", args=["nulle"])).status_code == 404


# --- Routing hints --------------------------------------------------------------------


def test_the_staff_routing_hint_names_the_covering_network(
    client_for, reception, network, other_network, communes
):
    thematic = ThematicFactory(code="geronto")
    Coverage.objects.create(network=other_network, thematic=thematic, commune=communes["yon"])
    Coverage.objects.create(network=network, thematic=thematic, departement="44")
    client = client_for(reception)
    url = reverse("intake:routing_hint")
    elsewhere = client.get(url, {"commune_insee": "85191", "thematics": [thematic.pk]})
    html = elsewhere.content.decode()
    assert other_network.name in html and "transmettez-la" in html
    home = client.get(url, {"commune_insee": "44143", "thematics": [thematic.pk]}).content
    assert "votre réseau" in home.decode()
    assert client.get(url, {"commune_insee": "99999"}).content.decode().strip() == ""


def test_the_public_routing_hint_links_the_other_networks_form(
    client, network, other_network, communes
):
    Coverage.objects.create(
        network=other_network, thematic=ThematicFactory(code="geronto"), departement="85"
    )
    url = reverse("intake:public_routing_hint", args=[network.slug])
    html = client.get(url, {"commune_insee": "85191"}).content.decode()
    assert reverse("intake:public_form", args=[other_network.slug]) in html
    assert "nous la transmettrons" in html


def test_the_forwarding_form_proposes_the_covering_network(
    client_for, reception, network, other_network, communes
):
    Coverage.objects.create(
        network=other_network, thematic=ThematicFactory(code="geronto"), departement="85"
    )
    req = SupportRequestFactory(network=network, person_commune=communes["yon"])
    html = client_for(reception).get(reverse("intake:detail", args=[req.public_id]))
    assert f'<option value="{other_network.pk}" selected>' in html.content.decode()


# --- Staff form: links and communes ---------------------------------------------------


def _staff_post(client, **extra):
    data = {
        "channel": "phone",
        "requester_name": "Dr Antoine Lemoine",
        "requester_quality": "gp",
        "reasons": ["coordination"],
        "urgency": "normal",
        **extra,
    }
    return client.post(reverse("intake:create"), data)


def test_a_requester_picked_in_the_directory_is_linked_and_needs_no_phone(
    client_for, reception, lemoine
):
    response = _staff_post(
        client_for(reception),
        requester_professional=str(lemoine.public_id),
        gp_name="Dr Lemoine",
        gp_professional=str(lemoine.public_id),
    )
    assert response.status_code == 302
    req = SupportRequest.objects.get()
    assert req.requester_professional == lemoine and req.gp_professional == lemoine
    detail = client_for(reception).get(reverse("intake:detail", args=[req.public_id]))
    assert 'data-testid="gp-link"' in detail.content.decode()


def test_free_text_requester_and_gp_stay_allowed(client_for, reception):
    response = _staff_post(
        client_for(reception),
        requester_name="Mme Odile Bernier",
        requester_quality="family",
        requester_phone="0612345678",
        gp_name="Dr Inconnu de l'annuaire",
    )
    assert response.status_code == 302
    req = SupportRequest.objects.get()
    assert req.requester_professional is None and req.gp_name == "Dr Inconnu de l'annuaire"


def test_a_vanished_directory_link_names_the_field_and_saves_nothing(
    client_for, reception, lemoine
):
    lemoine.is_active = False
    lemoine.save()
    response = _staff_post(client_for(reception), gp_professional=str(lemoine.public_id))
    html = response.content.decode()
    assert response.status_code == 200 and "« Médecin traitant » : ce professionnel" in html
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"commune_insee": "44143", "commune_name": "Rezé"}, "44143"),
        ({"commune_postal_code": "44400"}, "44143"),
        ({"commune_name": "La Roche sur Yon"}, "85191"),
        ({"commune_name": "Nantes (44100)"}, "44109"),
    ],
)
def test_the_commune_is_resolved_from_the_picker_or_typed_text(
    client_for, reception, communes, fields, expected
):
    response = _staff_post(client_for(reception), requester_phone="0240112233", **fields)
    assert response.status_code == 302
    assert SupportRequest.objects.get().person_commune_id == expected


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"commune_insee": "00000", "commune_name": "X"}, "« Commune de la personne » : la"),
        ({"commune_name": "Atlantide"}, "« Commune de la personne » : cette commune"),
        ({"commune_postal_code": "99999"}, "« Code postal de la personne » : aucune commune"),
        ({"commune_postal_code": "4400"}, "« Code postal de la personne » : un code postal compte"),
    ],
)
def test_a_wrong_commune_names_the_field_and_saves_nothing(
    client_for, reception, communes, fields, message
):
    response = _staff_post(client_for(reception), requester_phone="0240112233", **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_postal_code_serving_several_communes_asks_for_the_name(client_for, reception, communes):
    CommuneFactory(insee_code="44020", name="Bouguenais", postal_code="44400")
    response = _staff_post(
        client_for(reception), requester_phone="0240112233", commune_postal_code="44400"
    )
    assert "dessert plusieurs communes" in response.content.decode()
    assert not SupportRequest.objects.exists()


# --- Public form: several attachments -------------------------------------------------


def _public_post(client, network, files):
    data = {
        "requester_name": "Claire Fontaine",
        "requester_quality": "family",
        "requester_email": "claire@example.org",
        "reasons": ["keep_home"],
        "urgency": "normal",
        "description": "Mon père vit seul.",
        "stamp": signing.dumps(time.time() - 60, salt=_STAMP_SALT),
        "rgpd": "on",
        "website": "",
        "attachments": files,
    }
    return client.post(reverse("intake:public_form", args=[network.slug]), data)


def test_several_attachments_are_kept_and_owned_by_the_request(client, network):
    files = [samples.upload(f"cr-{i}.pdf", samples.pdf()) for i in range(3)]
    response = _public_post(client, network, files)
    assert response.status_code == 302
    req = SupportRequest.objects.get()
    stored = StoredFile.objects.filter(owner_public_id=req.public_id)
    assert sorted(stored.values_list("original_name", flat=True)) == [
        "cr-0.pdf",
        "cr-1.pdf",
        "cr-2.pdf",
    ]


def test_one_bad_attachment_among_several_saves_nothing_and_names_the_file(client, network):
    files = [
        samples.upload("bilan.pdf", samples.pdf()),
        samples.upload("ordonnance.pdf", samples.executable(), "application/pdf"),
    ]
    response = _public_post(client, network, files)
    html = response.content.decode()
    assert response.status_code == 200
    assert "« Pièces jointes » : « ordonnance.pdf » refusé" in html
    assert not SupportRequest.objects.exists()
    assert not StoredFile.all_objects.exists()
    assert samples.kept_files(settings.PRIVATE_FILES_ROOT) == []


def test_too_many_attachments_are_refused(client, network):
    files = [samples.upload(f"p{i}.pdf", samples.pdf()) for i in range(MAX_ATTACHMENTS + 1)]
    response = _public_post(client, network, files)
    assert f"{MAX_ATTACHMENTS} au maximum" in response.content.decode()
    assert not SupportRequest.objects.exists() and not StoredFile.all_objects.exists()


def test_the_public_form_offers_the_commune_picker_and_a_multiple_file_input(client, network):
    html = client.get(reverse("intake:public_form", args=[network.slug])).content.decode()
    assert 'role="combobox"' in html and 'aria-controls="id_commune_name_listbox"' in html
    assert reverse("intake:public_commune_options", args=[network.slug]) in html
    assert 'name="attachments"' in html and "multiple" in html
    assert "<script>" not in html and 'style="' not in html


def test_reception_keeps_the_documents_of_a_letter_with_the_request(client_for, reception):
    response = _staff_post(
        client_for(reception),
        requester_phone="0240112233",
        attachments=[
            samples.upload("courrier.pdf", samples.pdf()),
            samples.upload("photo.png", samples.png_with_text()),
        ],
    )
    assert response.status_code == 302
    req = SupportRequest.objects.get()
    stored = StoredFile.objects.filter(owner_public_id=req.public_id)
    assert stored.count() == 2 and {s.uploaded_by for s in stored} == {reception}


def test_a_refused_staff_attachment_keeps_nothing(client_for, reception):
    response = _staff_post(
        client_for(reception),
        requester_phone="0240112233",
        attachments=[samples.upload("scan.pdf", samples.executable(), "application/pdf")],
    )
    assert "« Pièces jointes » : « scan.pdf » refusé" in response.content.decode()
    assert not SupportRequest.objects.exists() and not StoredFile.all_objects.exists()
