"""What the record's tabs do: consent, carers, care team, enrolment, journal, tasks, rights,
access log, caseload, merge, dashboard panels."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.accounts.models import Role
from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit.models import AuditEvent
from maillage.patients.models import (
    Carer,
    CareTeamMember,
    Consent,
    ConsentKind,
    Enrolment,
    JournalEntry,
    Task,
)
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    ConsentFactory,
    EnrolmentFactory,
    JournalEntryFactory,
    PatientFactory,
    ProfessionalFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


# Consent, carers, care team, enrolment ----------------------------------------------------------


def test_recording_consent_and_an_objection_aimed_at_a_member(
    client_for, coordinator, external_in_team, followed_patient
):
    url = reverse("patients:consents", args=[followed_patient.public_id])
    gp = followed_patient.care_team.get()
    response = client_for(coordinator).post(
        url,
        {
            "kind": ConsentKind.OBJECTION,
            "scope": "members",
            "members": [gp.pk],
            "method": "oral",
            "given_on": TODAY().isoformat(),
            "wording_read": "on",
        },
    )
    assert response.status_code == 302
    assert Consent.objects.filter(kind=ConsentKind.OBJECTION, members=gp).exists()
    detail = reverse("patients:detail", args=[followed_patient.public_id])
    assert client_for(external_in_team).get(detail).status_code == 404


def test_consent_without_reading_the_wording_is_refused(client_for, coordinator, followed_patient):
    response = client_for(coordinator).post(
        reverse("patients:consents", args=[followed_patient.public_id]),
        {"kind": ConsentKind.SHARING, "method": "oral", "given_on": TODAY().isoformat()},
    )
    assert "« Texte d&#x27;information »" in response.content.decode()
    assert Consent.objects.count() == 1  # only the fixture's


def test_adding_a_carer_and_a_trusted_person(client_for, reception, followed_patient):
    response = client_for(reception).post(
        reverse("patients:carers", args=[followed_patient.public_id]),
        {
            "last_name": "Durand",
            "first_name": "Claire",
            "relationship": "child",
            "is_carer": "on",
            "is_main_carer": "on",
            "is_trusted_person": "on",
            "phone": "06 00 00 00 01",
        },
    )
    assert response.status_code == 302
    assert Carer.objects.get().is_trusted_person


def test_adding_a_gp_found_in_the_directory_and_refusing_a_second(client_for, coordinator, network):
    patient = PatientFactory(network=network)
    first = ProfessionalFactory(last_name="MARTIN", first_name="Luc", profession="Médecin")
    second = ProfessionalFactory(last_name="MARTINEZ", first_name="Ana", profession="Médecin")
    client = client_for(coordinator)
    url = reverse("patients:care_team", args=[patient.public_id])
    search = client.post(url, {"action": "search", "query": "martin", "role": "gp"})
    assert f"pro:{first.public_id}" in search.content.decode()
    data = {"action": "add", "role": "gp", "started_on": TODAY().isoformat()}
    assert client.post(url, {**data, "member": f"pro:{first.public_id}"}).status_code == 302
    refused = client.post(url, {**data, "member": f"pro:{second.public_id}"})
    assert "déjà un médecin traitant en cours" in refused.content.decode()
    assert CareTeamMember.objects.filter(patient=patient).count() == 1


def test_an_invitation_link_sets_a_password_then_sends_to_the_second_factor(
    client, client_for, coordinator, followed_patient, mailoutbox
):
    member = CareTeamMemberFactory(patient=followed_patient, role="nurse")
    response = client_for(coordinator).post(
        reverse("patients:member_invite", args=[followed_patient.public_id, member.public_id]),
        {"email": "idel@exemple.fr"},
    )
    assert response.status_code == 302
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/invitation/" in line)
    path = link[link.index("/patients/") :]
    page = client.get(path)
    assert "Activer votre accès" in page.content.decode()
    done = client.post(
        path,
        {
            "new_password1": "Tres-long-mot-de-passe-42",
            "new_password2": "Tres-long-mot-de-passe-42",
        },
    )
    assert done["Location"] == reverse("accounts:otp_enrol")
    # Nothing is shown before the second factor is enrolled.
    assert client.get(reverse("patients:my_patients")).status_code == 302
    assert client.get(reverse("patients:detail", args=[followed_patient.public_id]))[
        "Location"
    ].startswith("/compte/2fa/")
    # The link is single use.
    client.logout()
    assert client.get(path).status_code == 404


def test_closing_the_enrolment_and_re_enrolling(client_for, coordinator, followed_patient):
    client = client_for(coordinator)
    enrolment = followed_patient.enrolments.get()
    url = reverse("patients:enrolment_edit", args=[followed_patient.public_id, enrolment.public_id])
    response = client.post(
        url,
        {
            "action": "close",
            "closed_on": TODAY().isoformat(),
            "closed_reason": "moved",
            "version": enrolment.version,
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("patients:enrolments", args=[followed_patient.public_id]),
        {"lead_coordinator": coordinator.pk, "started_on": TODAY().isoformat()},
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(patient=followed_patient).count() == 2


# Journal and tasks -----------------------------------------------------------------------------


def test_medical_only_entries_are_hidden_from_the_director(
    client_for, medical_lead, director, external_in_team, followed_patient
):
    JournalEntryFactory(
        patient=followed_patient,
        author=medical_lead,
        confidentiality="medical",
        body="Secret médical",
    )
    JournalEntryFactory(
        patient=followed_patient,
        author=medical_lead,
        confidentiality="network_staff",
        body="Interne réseau",
    )
    url = reverse("patients:journal", args=[followed_patient.public_id])
    assert "Secret médical" in client_for(medical_lead).get(url).content.decode()
    assert "Secret médical" not in client_for(director).get(url).content.decode()
    gp_view = client_for(external_in_team).get(url).content.decode()
    assert "Secret médical" in gp_view
    assert "Interne réseau" not in gp_view


def test_a_correction_is_a_new_entry(client_for, coordinator, followed_patient):
    original = JournalEntryFactory(
        patient=followed_patient, author=coordinator, body="Visite le mardi"
    )
    client = client_for(coordinator)
    url = reverse("patients:journal_correct", args=[followed_patient.public_id, original.public_id])
    response = client.post(
        url,
        {
            "kind": "visit",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "body": "Visite le mercredi",
            "confidentiality": "care_team",
        },
    )
    assert response.status_code == 302
    original.refresh_from_db()
    assert original.body == "Visite le mardi"
    assert JournalEntry.objects.get(corrects=original).body == "Visite le mercredi"


def test_a_gp_adds_a_journal_entry_but_not_a_network_staff_one(
    client_for, external_in_team, followed_patient
):
    url = reverse("patients:journal", args=[followed_patient.public_id])
    data = {
        "kind": "call",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "body": "Appel du médecin traitant",
        "confidentiality": "network_staff",
    }
    assert client_for(external_in_team).post(url, data).status_code == 200
    assert not JournalEntry.objects.filter(author=external_in_team).exists()
    assert (
        client_for(external_in_team).post(url, {**data, "confidentiality": "medical"}).status_code
        == 302
    )


def test_creating_a_task(client_for, coordinator, followed_patient):
    response = client_for(coordinator).post(
        reverse("patients:tasks", args=[followed_patient.public_id]),
        {"title": "Appeler le SSIAD", "assignee": coordinator.pk, "priority": "high"},
    )
    assert response.status_code == 302
    assert Task.objects.get().origin == "manual"


# Rights, access log, caseload -----------------------------------------------------------------


def test_the_full_export_includes_who_accessed_the_record(
    client_for, coordinator, director, followed_patient
):
    client_for(director).get(reverse("patients:detail", args=[followed_patient.public_id]))
    client = client_for(coordinator)
    response = client.get(reverse("patients:export_json", args=[followed_patient.public_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    accesses = next(s for s in data["sections"] if s["key"] == "acces")["rows"]
    assert any(row["Par"] == director.email for row in accesses)
    identity = next(s for s in data["sections"] if s["key"] == "identite")["rows"][0]
    assert "Matricule INS" not in identity
    assert AuditEvent.objects.filter(
        action="patients.record.exported", patient_uuid=followed_patient.public_id
    ).exists()
    pdf = client.get(reverse("patients:export_pdf", args=[followed_patient.public_id]))
    assert pdf.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert followed_patient.birth_name in text
    assert "Accès au dossier" in text and director.email in text
    assert "Confidentiel" in text


def test_the_export_asks_for_the_password_again(client_for, coordinator, followed_patient):
    client = client_for(coordinator, reauth=False)
    response = client.get(reverse("patients:export_pdf", args=[followed_patient.public_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not AuditEvent.objects.filter(action="patients.record.exported").exists()


def test_the_access_log_lists_who_read_the_record(
    client_for, director, reception, followed_patient
):
    client_for(reception).get(reverse("patients:detail", args=[followed_patient.public_id]))
    content = (
        client_for(director)
        .get(reverse("patients:access_log", args=[followed_patient.public_id]))
        .content.decode()
    )
    assert reception.email in content
    assert "Consultation du dossier" in content


def test_the_caseload_shows_patients_per_fte(client_for, director, network, coordinator):
    membership = coordinator.memberships.get()
    membership.fte = "0.50"
    membership.save()
    for _ in range(3):
        EnrolmentFactory(patient=PatientFactory(network=network), lead_coordinator=coordinator)
    content = client_for(director).get(reverse("patients:caseload")).content.decode()
    assert "6,0" in content or "6.0" in content
    detail = client_for(director).get(
        reverse("patients:caseload_detail", args=[coordinator.public_id])
    )
    assert detail.status_code == 200
    other = MembershipFactory(role=Role.COORDINATOR).user
    assert (
        client_for(director)
        .get(reverse("patients:caseload_detail", args=[other.public_id]))
        .status_code
        == 404
    )


# Merge -----------------------------------------------------------------------------------------


def test_merging_from_the_duplicates_page_and_undoing(client_for, network, coordinator):
    referent = MembershipFactory(
        network=network, role=Role.COORDINATOR, can_merge_identities=True
    ).user
    born = datetime.date(1950, 6, 7)
    kept = PatientFactory(
        network=network, birth_name="Da Silva", first_names="José", birth_date=born
    )
    absorbed = PatientFactory(
        network=network, birth_name="DASILVA", first_names="Jose", birth_date=born
    )
    ConsentFactory(patient=absorbed, recorded_by=coordinator)
    client = client_for(referent)
    duplicates = client.get(reverse("patients:duplicates", args=[kept.public_id])).content.decode()
    merge_url = reverse("patients:merge", args=[kept.public_id, absorbed.public_id])
    assert merge_url in duplicates
    assert client_for(coordinator).get(merge_url).status_code == 404  # no merge permission
    response = client.post(merge_url, {"keep": "first", "reason": "Même personne", "confirm": "on"})
    assert response.status_code == 302
    absorbed.refresh_from_db()
    assert absorbed.merged_into == kept
    assert Consent.objects.filter(patient=kept).exists()
    old = client.get(reverse("patients:detail", args=[absorbed.public_id]))
    assert "Dossier fusionné" in old.content.decode()
    merge = kept.merges_kept.get()
    assert client.post(reverse("patients:merge_undo", args=[merge.public_id])).status_code == 302
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None


def test_merging_asks_for_the_password_again(client_for, network):
    referent = MembershipFactory(
        network=network, role=Role.COORDINATOR, can_merge_identities=True
    ).user
    a, b = PatientFactory(network=network), PatientFactory(network=network)
    response = client_for(referent, reauth=False).get(
        reverse("patients:merge", args=[a.public_id, b.public_id])
    )
    assert response["Location"].startswith(reverse("accounts:reauth"))


def test_merging_across_networks_is_impossible(client_for, network, other_network):
    referent = MembershipFactory(
        network=network, role=Role.COORDINATOR, can_merge_identities=True
    ).user
    a, b = PatientFactory(network=network), PatientFactory(network=other_network)
    assert (
        client_for(referent)
        .get(reverse("patients:merge", args=[a.public_id, b.public_id]))
        .status_code
        == 404
    )


def test_dashboard_panels_show_the_caseload(
    client_for, coordinator, external_in_team, followed_patient, django_assert_max_num_queries
):
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        content = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="followed-count">1<' in content
    external = client_for(external_in_team).get(reverse("core:dashboard")).content.decode()
    assert (
        "dont vous faites partie de l&#x27;équipe de soins" in external
        or "dont vous faites partie" in external
    )
