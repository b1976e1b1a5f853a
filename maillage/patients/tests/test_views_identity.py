"""Creating a record (duplicates first), rectifying it (locked), searching by POST, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.patients import nir
from maillage.patients.models import (
    Patient,
)
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    CommuneFactory,
    EnrolmentFactory,
    JournalEntryFactory,
    PatientFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def identity_form(**overrides):
    data = {
        "birth_name": "Lefèvre-Dubois",
        "used_name": "",
        "first_names": "Éloïse",
        "used_first_name": "",
        "birth_date": "1938-04-03",
        "sex": "F",
        "birth_insee_code": "44109",
        "birth_country": "France",
        "identity_status": "provisoire",
        "identity_document": "",
        "declared_nir": "",
        "address": "3 rue des Lilas",
        "address_complement": "",
        "postal_code": "44000",
        "commune": "",
        "phone": "02 40 00 00 00",
        "mobile_phone": "",
        "email": "",
        "legal_protection": "",
        "legal_representative_name": "",
        "legal_representative_contact": "",
    }
    data.update(overrides)
    return data


# Creation --------------------------------------------------------------------------------------


def test_a_coordinator_creates_a_record_after_seeing_the_duplicates(
    client_for, coordinator, network
):
    CommuneFactory(insee_code="44109", name="Nantes", postal_code="44000")
    existing = PatientFactory(
        network=network,
        birth_name="LEFEVRE DUBOIS",
        first_names="Eloise",
        birth_date=datetime.date(1938, 4, 3),
    )
    client = client_for(coordinator)
    url = reverse("patients:create")
    response = client.post(url, identity_form())
    assert response.status_code == 200
    assert "Doublons possibles" in response.content.decode()
    assert existing.display_name in response.content.decode()
    assert Patient.objects.count() == 1  # nothing saved before the user decides
    assert AuditEvent.objects.filter(
        action="patients.patient.proposed_as_duplicate", patient_uuid=existing.public_id
    ).exists()
    response = client.post(url, identity_form(not_a_duplicate="on"))
    assert response.status_code == 302
    created = Patient.objects.exclude(pk=existing.pk).get()
    assert created.commune_id == "44109"  # the only commune of 44000, chosen for the user
    assert created.network == network


def test_bad_input_gives_french_messages_naming_the_field_and_saves_nothing(
    client_for, coordinator
):
    wrong_sex = nir.build(
        sex="M", birth_date=datetime.date(1938, 4, 3), place_code="44109", serial=1
    )
    response = client_for(coordinator).post(
        reverse("patients:create"),
        identity_form(
            birth_name="",
            birth_date=(TODAY() + datetime.timedelta(days=2)).isoformat(),
            declared_nir=wrong_sex,
            identity_status="validee",
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "« Nom de naissance » est obligatoire" in content
    assert "« Date de naissance » ne peut pas être dans le futur" in content
    assert "« Pièce d&#x27;identité vue »" in content
    assert not Patient.objects.exists()


def test_a_wrong_nir_key_is_refused(client_for, coordinator):
    number = nir.build(sex="F", birth_date=datetime.date(1938, 4, 3), place_code="44109", serial=1)
    wrong = number[:13] + ("00" if number[13:] != "00" else "01")
    response = client_for(coordinator).post(
        reverse("patients:create"), identity_form(declared_nir=wrong)
    )
    assert "NIR déclaré : la clé" in response.content.decode()
    assert not Patient.objects.exists()


def test_statuses_reserved_to_insi_cannot_be_chosen(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("patients:create"),
        identity_form(identity_status="qualifiee", identity_document="cni"),
    )
    assert "Sélectionnez un choix valide" not in response.content.decode()
    assert "choisissez une des valeurs proposées" in response.content.decode()
    assert not Patient.objects.exists()


# Identity page and rectification --------------------------------------------------------------


def test_the_declared_nir_is_never_shown_as_an_ins(
    client_for, coordinator, external_in_team, followed_patient
):
    number = nir.build(
        sex=followed_patient.sex,
        birth_date=followed_patient.birth_date,
        place_code="44109",
        serial=3,
    )
    Patient.objects.filter(pk=followed_patient.pk).update(declared_nir="")
    followed_patient.declared_nir = number
    followed_patient.save()
    content = (
        client_for(coordinator)
        .get(reverse("patients:detail", args=[followed_patient.public_id]))
        .content.decode()
    )
    assert nir.formatted(number) in content
    assert "ce n'est pas l'INS" in content
    assert ">INS<" not in content
    external = client_for(external_in_team).get(
        reverse("patients:detail", args=[followed_patient.public_id])
    )
    assert nir.formatted(number) not in external.content.decode()


def test_a_stale_edit_is_refused_showing_the_other_change(
    client_for, coordinator, medical_lead, followed_patient
):
    url = reverse("patients:edit", args=[followed_patient.public_id])
    form = identity_form(
        birth_name=followed_patient.birth_name,
        first_names=followed_patient.first_names,
        birth_date=followed_patient.birth_date.isoformat(),
        sex=followed_patient.sex,
        version=followed_patient.version,
    )
    first = client_for(medical_lead).post(url, {**form, "phone": "02 99 99 99 99"})
    assert first.status_code == 302
    second = client_for(coordinator).post(url, {**form, "phone": "06 11 11 11 11"})
    content = second.content.decode()
    assert second.status_code == 409
    assert "Enregistrement refusé" in content
    assert medical_lead.email in content
    assert "02 99 99 99 99" in content and "06 11 11 11 11" in content
    followed_patient.refresh_from_db()
    assert followed_patient.phone == "02 99 99 99 99"
    assert AuditEvent.objects.filter(action="patients.patient.rectified").count() == 1


def test_changing_a_trait_of_a_validated_identity_asks_for_the_document(
    client_for, coordinator, followed_patient
):
    Patient.objects.filter(pk=followed_patient.pk).update(
        identity_status="validee", identity_document="cni"
    )
    followed_patient.refresh_from_db()
    url = reverse("patients:edit", args=[followed_patient.public_id])
    form = identity_form(
        birth_name="AUTRE",
        first_names=followed_patient.first_names,
        birth_date=followed_patient.birth_date.isoformat(),
        sex=followed_patient.sex,
        identity_status="validee",
        identity_document="cni",
        version=followed_patient.version,
    )
    response = client_for(coordinator).post(url, form)
    assert "trait strict d&#x27;une identité validée" in response.content.decode()
    assert client_for(coordinator).post(url, {**form, "traits_checked": "on"}).status_code == 302
    followed_patient.refresh_from_db()
    assert followed_patient.birth_name == "AUTRE"


# Search ----------------------------------------------------------------------------------------


def test_search_by_name_birth_date_nir_commune_coordinator_and_status(
    client_for, coordinator, medical_lead, network
):
    nantes = CommuneFactory(insee_code="44109", name="Nantes", postal_code="44000")
    born = datetime.date(1940, 1, 9)
    number = nir.build(sex="F", birth_date=born, place_code="44109", serial=9)
    target = PatientFactory(
        network=network,
        birth_name="Gaëlle-Ânne",
        first_names="Rose",
        birth_date=born,
        sex="F",
        commune=nantes,
    )
    target.declared_nir = number
    target.declared_nir_digest = nir.digest(number)
    target.save()
    EnrolmentFactory(patient=target, lead_coordinator=coordinator)
    other = PatientFactory(network=network, birth_name="BLANC")
    EnrolmentFactory(patient=other, lead_coordinator=medical_lead)
    client = client_for(coordinator)
    url = reverse("patients:list")
    for filters in (
        {"name": "gaelle anne"},
        {"birth_date": "1940-01-09"},
        {"nir": nir.formatted(number)},
        {"nir": number[:13]},
        {"commune": "nantes"},
        {"commune": "44109"},
        {"coordinator": coordinator.pk},
        {"follow_up": "en_cours", "name": "rose"},
    ):
        content = client.post(url, filters).content.decode()
        assert target.display_name in content, filters
        assert other.display_name not in content, filters
    assert number not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_the_list_paginates_by_post_with_a_bounded_query_count(
    client_for, coordinator, network, django_assert_max_num_queries
):
    for _ in range(30):
        patient = PatientFactory(network=network)
        EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    client = client_for(coordinator)
    with django_assert_max_num_queries(16):
        first = client.post(reverse("patients:list"), {"name": ""})
    assert "Page 1 sur 2" in first.content.decode()
    second = client.post(reverse("patients:list"), {"name": "", "page": 2})
    assert "Page 2 sur 2" in second.content.decode()
    event = AuditEvent.objects.filter(action="patients.patient.listed").last()
    assert event.details["page"] == 2 and event.details["results"] == 30


def test_the_record_page_has_a_bounded_query_count(
    client_for, coordinator, followed_patient, django_assert_max_num_queries
):
    for _ in range(5):
        CareTeamMemberFactory(patient=followed_patient, role="nurse")
        JournalEntryFactory(patient=followed_patient, author=coordinator)
    client = client_for(coordinator)
    # The record header reads the vigilance notes (coordination): one query on every tab.
    for url_name, limit in (
        ("patients:detail", 19),
        ("patients:care_team", 21),
        ("patients:journal", 21),
        ("patients:consents", 21),
        ("patients:enrolments", 21),
    ):
        with django_assert_max_num_queries(limit):
            response = client.get(reverse(url_name, args=[followed_patient.public_id]))
        assert response.status_code == 200, url_name


def test_the_external_list_has_a_bounded_query_count(
    client_for, external_in_team, followed_patient, django_assert_max_num_queries
):
    client = client_for(external_in_team)
    with django_assert_max_num_queries(13):  # PostgreSQL adds the audit chain's lock
        response = client.get(reverse("patients:my_patients"))
    assert followed_patient.display_name in response.content.decode()


def test_traits_from_insi_cannot_be_changed_in_the_form(client_for, coordinator, followed_patient):
    Patient.objects.filter(pk=followed_patient.pk).update(
        identity_status="recuperee", birth_name="PETIT"
    )
    followed_patient.refresh_from_db()
    url = reverse("patients:edit", args=[followed_patient.public_id])
    page = client_for(coordinator).get(url).content.decode()
    assert "Traits issus du téléservice INSi" in page
    response = client_for(coordinator).post(
        url,
        identity_form(
            birth_name="GRAND",
            identity_status="provisoire",
            phone="02 22 22 22 22",
            version=followed_patient.version,
        ),
    )
    assert response.status_code == 302
    followed_patient.refresh_from_db()
    assert (followed_patient.birth_name, followed_patient.identity_status) == ("PETIT", "recuperee")
    assert followed_patient.phone == "02 22 22 22 22"
