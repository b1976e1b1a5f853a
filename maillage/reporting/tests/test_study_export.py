"""The pseudonymised patient-level CSV for a study: k-anonymity, objections to reuse, no free
text, months only, per-export pseudonyms, audit of purpose/recipient/legal basis, access."""

import csv
import datetime
import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from maillage.assessments.models import Assessment, InstrumentResult
from maillage.audit.models import AuditEvent
from maillage.hospital.models import HospitalStay
from maillage.patients.models import ConsentKind, Sex
from maillage.patients.tests.factories import (
    CommuneFactory,
    ConsentFactory,
    EnrolmentFactory,
    JournalEntryFactory,
    OrganisationFactory,
    PatientFactory,
)
from maillage.reporting import pseudonymised
from maillage.reporting.checks import pseudonymisation_key_check
from maillage.reporting.pseudonymised import (
    COMMON_COLUMNS,
    MEDICAL_COLUMNS,
    ZONE_COMMUNE,
    ZONE_DEPARTEMENT,
    ZONE_SUPPRESSED,
    PatientRecord,
    build_rows,
    collect_records,
    new_export_key,
    pseudonym,
)

URL = reverse("reporting:study_export")
ON = datetime.date(2026, 12, 31)
START = datetime.date(2026, 1, 1)
MONTH = re.compile(r"^\d{4}-\d{2}$")
FREE_TEXT = "TEXTE-LIBRE-CONFIDENTIEL"


def _records(commune: str, n: int, *, sex="F", born=datetime.date(1945, 6, 1)) -> list:
    return [
        PatientRecord(
            uuid=f"00000000-0000-0000-0000-{commune}{i:07d}",
            sex=sex,
            birth_date=born,
            commune=commune,
            departement=commune[:2],
            follow_start=datetime.date(2026, 3, 14),
        )
        for i in range(n)
    ]


# -- k-anonymity, on hand-built records -----------------------------------------------------------


def test_the_commune_is_kept_when_every_group_holds_ten_patients():
    records = _records("44109", 10) + _records("44020", 10)
    study = build_rows(records, on=ON, export_key=b"k" * 32, medical=False)
    assert study.zone_level == ZONE_COMMUNE
    zones = {row[COMMON_COLUMNS.index("zone_code")] for row in study.rows}
    assert zones == {"44109", "44020"}


def test_a_group_of_nine_generalises_every_row_to_the_departement():
    # 10 women aged 75-84 in Nantes, 9 in another commune of the same département.
    records = _records("44109", 10) + _records("44020", 9)
    study = build_rows(records, on=ON, export_key=b"k" * 32, medical=False)
    assert study.zone_level == ZONE_DEPARTEMENT
    assert {row[COMMON_COLUMNS.index("zone_code")] for row in study.rows} == {"44"}
    assert {row[COMMON_COLUMNS.index("zone_niveau")] for row in study.rows} == {"departement"}


def test_the_group_is_commune_age_band_and_sex():
    # 10 in the commune, but one is a man: (44109, 75-84, M) holds 1 patient.
    records = _records("44109", 9) + _records("44109", 1, sex="M") + _records("44020", 10)
    study = build_rows(records, on=ON, export_key=b"k" * 32, medical=False)
    assert study.zone_level != ZONE_COMMUNE
    # Age bands split groups too: 9 aged 75-84 and 1 aged 60-74 in the same commune.
    records = _records("44109", 9) + _records("44109", 1, born=datetime.date(1960, 1, 1))
    assert build_rows(records, on=ON, export_key=b"k", medical=False).zone_level != ZONE_COMMUNE


def test_the_place_is_suppressed_when_even_the_departement_group_is_too_small():
    records = _records("44109", 10) + _records("85191", 9)
    study = build_rows(records, on=ON, export_key=b"k" * 32, medical=False)
    assert study.zone_level == ZONE_SUPPRESSED
    assert {row[COMMON_COLUMNS.index("zone_code")] for row in study.rows} == {""}


def test_the_pseudonym_is_stable_within_an_export_and_differs_between_exports():
    uuid = "6f1c2b1e-0000-4000-8000-000000000001"
    first, second = new_export_key(), new_export_key()
    assert pseudonym(first, uuid) == pseudonym(first, uuid)
    assert pseudonym(first, uuid) != pseudonym(second, uuid)
    assert uuid not in pseudonym(first, uuid)


def test_dates_leave_as_months_and_age_as_a_band():
    record = PatientRecord(
        uuid="6f1c2b1e-0000-4000-8000-000000000002",
        sex="M",
        birth_date=datetime.date(1950, 12, 31),
        follow_start=datetime.date(2026, 2, 17),
        follow_end=datetime.date(2026, 11, 3),
        end_reason="death",
        first_assessment=datetime.date(2026, 3, 1),
        first_validated_pps=timezone.make_aware(datetime.datetime(2026, 4, 30, 23, 30)),
    )
    (row,) = build_rows([record], on=ON, export_key=b"k", medical=False).rows
    values = dict(zip(COMMON_COLUMNS, row, strict=True))
    assert values["tranche_age"] == "75-84"
    assert values["mois_debut_suivi"] == "2026-02"
    assert values["mois_fin_suivi"] == "2026-11"
    assert values["mois_premiere_evaluation"] == "2026-03"
    assert values["mois_premier_pps_valide"] == "2026-04"


# -- From the database -------------------------------------------------------------------------


def _followed(network, coordinator, commune, **patient):
    person = PatientFactory(network=network, commune=commune, **patient)
    EnrolmentFactory(
        patient=person,
        lead_coordinator=coordinator,
        started_on=datetime.date(2026, 2, 1),
        closure_note=FREE_TEXT,
    )
    return person


@pytest.fixture
def cohort(network, coordinator):
    """Twelve women aged 75-84 in Nantes, one man who objected to reuse, one whose objection
    was withdrawn; journal entries with free text; a patient followed by another network."""
    nantes = CommuneFactory()
    women = [
        _followed(
            network, coordinator, nantes, sex=Sex.FEMALE, birth_date=datetime.date(1945, 5, 5)
        )
        for _ in range(12)
    ]
    for person in women[:3]:
        JournalEntryFactory(
            patient=person,
            author=coordinator,
            body=FREE_TEXT,
            title=FREE_TEXT,
            duration_minutes=20,
            occurred_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 10)),
        )
    objector = _followed(network, coordinator, nantes, sex=Sex.MALE, birth_name="OPPOSANT")
    ConsentFactory(patient=objector, kind=ConsentKind.REUSE_OBJECTION, recorded_by=coordinator)
    # Of another age band than the twelve: alone in her (commune, band, sex) group.
    withdrawn = _followed(
        network, coordinator, nantes, sex=Sex.FEMALE, birth_date=datetime.date(1990, 3, 3)
    )
    ConsentFactory(
        patient=withdrawn,
        kind=ConsentKind.REUSE_OBJECTION,
        recorded_by=coordinator,
        withdrawn_at=timezone.now(),
        withdrawn_by=coordinator,
    )
    return {"women": women, "objector": objector, "withdrawn": withdrawn}


def test_patients_who_objected_to_reuse_are_left_out(network, cohort):
    records = collect_records(network, START, ON, medical=False)
    uuids = {r.uuid for r in records}
    assert cohort["objector"].public_id not in uuids
    assert cohort["withdrawn"].public_id in uuids  # a withdrawn objection no longer applies
    assert len(records) == 13


def test_a_re_enrolled_patient_is_one_row_with_one_pseudonym(network, coordinator, cohort):
    person = cohort["women"][0]
    enrolment = person.enrolments.get()
    enrolment.closed_on, enrolment.closed_reason = datetime.date(2026, 3, 1), "stabilised"
    enrolment.save()
    EnrolmentFactory(
        patient=person, lead_coordinator=coordinator, started_on=START.replace(month=9)
    )
    records = [
        r for r in collect_records(network, START, ON, medical=False) if r.uuid == person.public_id
    ]
    assert len(records) == 1 and records[0].enrolments == 2
    assert records[0].follow_start == datetime.date(2026, 2, 1)
    assert records[0].follow_end is None  # the last enrolment is still open


def test_the_medical_columns_count_gir_and_stays(network, coordinator, cohort):
    person = cohort["women"][0]
    assessment = Assessment.objects.create(
        network=network,
        patient=person,
        assessed_on=datetime.date(2026, 3, 2),
        author=coordinator,
        status="signed",
        signed_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 17)),
        signed_by=coordinator,
    )
    InstrumentResult.objects.create(
        network=network,
        patient=person,
        assessment=assessment,
        instrument_code="aggir",
        instrument_version="CASF-2008",
        is_complete=True,
        score=3,
        category="gir_3",
        status="signed",
        author=coordinator,
        signed_at=assessment.signed_at,
        signed_by=coordinator,
    )
    hospital = OrganisationFactory(name="CH de test")
    for day, readmission in ((3, False), (20, True)):
        HospitalStay.objects.create(
            patient=person,
            network=network,
            organisation=hospital,
            kind="mco",
            admitted_at=timezone.make_aware(datetime.datetime(2026, 6, day, 9)),
            reported_by=coordinator,
            is_readmission=readmission,
        )
    (record,) = [
        r for r in collect_records(network, START, ON, medical=True) if r.uuid == person.public_id
    ]
    assert (record.gir, record.stays, record.readmissions) == (3, 2, 1)
    assert record.first_assessment == datetime.date(2026, 3, 2)


# -- The view ----------------------------------------------------------------------------------

FORM = {
    "start": "2026-01-01",
    "end": "2026-12-31",
    "purpose": "Évaluation des parcours après hospitalisation",
    "recipient": "Observatoire régional de santé, Dr Martin",
    "legal_basis": "mr004",
    "legal_reference": "Déclaration de conformité MR-004 n° 2226001",
}


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def test_the_director_downloads_the_file_and_the_event_records_purpose_and_recipient(
    client_for, director, network, cohort
):
    client = client_for(director)
    assert client.get(URL).status_code == 200
    response = client.post(URL, FORM)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = _csv(response)
    assert len(rows) == 13
    assert list(rows[0]) == COMMON_COLUMNS  # the director does not read medical data
    # The same patient has one pseudonym; never the public id.
    public_ids = {str(p.public_id) for p in cohort["women"]}
    assert not public_ids & {row["pseudonyme"] for row in rows}
    assert len({row["pseudonyme"] for row in rows}) == 13
    # No free text, no name, months only.
    content = response.content.decode("utf-8-sig")
    assert FREE_TEXT not in content and "OPPOSANT" not in content
    for person in cohort["women"]:
        assert person.birth_name not in content
    for row in rows:
        for column in ("mois_debut_suivi", "mois_fin_suivi"):
            assert row[column] == "" or MONTH.match(row[column])
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}", content)
    # 12 women 75-84 in Nantes but a single withdrawn objector of another age: département.
    assert {row["zone_niveau"] for row in rows} <= {"departement", "supprimee"}
    event = AuditEvent.objects.get(action="reporting.study.exported")
    filters = event.details["filters"]
    assert filters["purpose"] == FORM["purpose"]
    assert filters["recipient"] == FORM["recipient"]
    assert filters["legal_basis"] == "mr004"
    assert filters["legal_reference"] == FORM["legal_reference"]
    assert (filters["start"], filters["end"]) == ("2026-01-01", "2026-12-31")
    assert event.details["rows"] == 13
    assert event.network_uuid == network.public_id


def test_two_exports_give_unrelated_pseudonyms(client_for, director, cohort):
    client = client_for(director)
    first = {row["pseudonyme"] for row in _csv(client.post(URL, FORM))}
    second = {row["pseudonyme"] for row in _csv(client.post(URL, FORM))}
    assert len(first) == len(second) == 13
    assert not first & second


def test_the_medical_lead_gets_the_medical_columns(client_for, medical_lead, cohort):
    rows = _csv(client_for(medical_lead).post(URL, FORM))
    assert list(rows[0]) == COMMON_COLUMNS + MEDICAL_COLUMNS


def test_no_column_carries_free_text():
    allowed = {
        "pseudonyme", "sexe", "tranche_age", "zone_niveau", "zone_code", "thematiques",
        "nb_inclusions_periode", "mois_debut_suivi", "mois_fin_suivi", "motif_fin_suivi",
        "nb_demandes", "nb_entrees_journal", "minutes_journal", "mois_premiere_evaluation",
        "mois_premier_pps_valide", "gir", "nb_sejours_hospitaliers", "nb_rehospitalisations_30j",
    }  # fmt: skip
    assert set(COMMON_COLUMNS + MEDICAL_COLUMNS) == allowed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"legal_basis": ""}, "Base légale manquante"),
        ({"legal_reference": " "}, "Référence manquante"),
        ({"purpose": ""}, "Finalité manquante"),
        ({"recipient": ""}, "Destinataire manquant"),
        ({"end": "2025-12-31"}, "la date de fin précède la date de début"),
        ({"start": "31/02/2026"}, "Date de début invalide"),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_what_was_typed(
    client_for, director, cohort, change, message
):
    response = client_for(director).post(URL, {**FORM, **change})
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    body = response.content.decode()
    assert message in body
    assert FORM["recipient"] in body or change.get("recipient") == ""
    assert not AuditEvent.objects.filter(action="reporting.study.exported").exists()


def test_an_empty_period_says_so(client_for, director, cohort):
    response = client_for(director).post(
        URL, {**FORM, "start": "2020-01-01", "end": "2020-12-31"}, follow=True
    )
    assert "Content-Disposition" not in response
    assert "il n&#x27;y a rien à exporter" in response.content.decode()


@override_settings(PSEUDONYMISATION_KEY="", TESTING=False, DEBUG=False, MAILLAGE_DEMO=False)
def test_production_without_the_key_refuses_the_export(client_for, director, cohort):
    response = client_for(director).post(URL, FORM)
    assert "Content-Disposition" not in response
    assert "clé de pseudonymisation" in response.content.decode()
    assert [e.id for e in pseudonymisation_key_check()] == ["reporting.E001"]
    with override_settings(PSEUDONYMISATION_KEY="x" * 43):
        assert pseudonymisation_key_check() == []
        assert pseudonymised.master_key() == b"x" * 43


def test_the_form_asks_the_password_again(client_for, director):
    response = client_for(director, reauth=False).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))


@pytest.mark.parametrize(
    "persona", ["reception", "coordinator", "network_admin", "coordinator_other_network"]
)
def test_other_roles_and_other_networks_get_404(request, client_for, persona, cohort):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL, FORM).status_code == 404


def test_a_director_of_another_network_exports_only_their_own_patients(
    client_for, other_network, cohort
):
    from maillage.accounts.tests.factories import MembershipFactory

    other_director = MembershipFactory(network=other_network, role="director").user
    response = client_for(other_director).post(URL, FORM)
    assert "Content-Disposition" not in response  # nobody followed there: nothing to export


def test_anonymous_visitors_go_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_file_is_built_in_a_fixed_number_of_queries(
    client_for, medical_lead, network, coordinator, cohort, django_assert_max_num_queries
):
    client = client_for(medical_lead)
    client.get(URL)
    with django_assert_max_num_queries(25):
        first = client.post(URL, FORM)
    for _ in range(10):
        _followed(network, coordinator, None, sex=Sex.MALE)
    with django_assert_max_num_queries(25):
        second = client.post(URL, FORM)
    assert len(_csv(second)) == len(_csv(first)) + 10
