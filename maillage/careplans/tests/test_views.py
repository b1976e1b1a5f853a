"""The PPS pages and downloads: who may, who may not (404), forged requests, documents."""

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from maillage.audit.models import AuditEvent
from maillage.careplans.fhir import INS_NIR_SYSTEM, RPPS_SYSTEM, build_bundle
from maillage.careplans.models import PlanAction, PpsDocument, PpsStatus, PpsVersion
from maillage.careplans.tests.factories import draft_with_plan, validated
from maillage.patients.models import ConsentKind, JournalEntry
from maillage.patients.tests.factories import ConsentFactory, ExternalProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def current(coordinator, followed_patient, gp_member):
    return validated(coordinator, followed_patient, member=gp_member)


def test_the_tab_lists_versions_for_the_coordinator(
    client_for, coordinator, followed_patient, current, django_assert_max_num_queries
):
    client = client_for(coordinator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("careplans:patient_pps", args=[followed_patient.public_id]))
    assert response.status_code == 200
    assert "Version 1" in response.content.decode()
    assert AuditEvent.objects.filter(action="careplans.pps.viewed").exists()


def test_the_version_page_query_count_does_not_grow_with_actions(
    client_for, coordinator, followed_patient, gp_member, django_assert_max_num_queries
):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member, actions=30)
    client = client_for(coordinator)
    with django_assert_max_num_queries(60):
        response = client.get(reverse("careplans:version", args=[version.public_id]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="pps-action"') == 30
    assert "Contacts utiles" in response.content.decode()


@pytest.mark.parametrize("persona", ["reception", "coordinator_other_network", "external_outside"])
def test_wrong_roles_and_networks_get_404(request, client_for, persona, followed_patient, current):
    client = client_for(request.getfixturevalue(persona))
    for url in [
        reverse("careplans:patient_pps", args=[followed_patient.public_id]),
        reverse("careplans:version", args=[current.public_id]),
        reverse("careplans:pdf", args=[current.public_id, "pps"]),
        reverse("careplans:fhir", args=[current.public_id]),
    ]:
        assert client.get(url).status_code == 404, url


def test_the_anonymous_visitor_is_sent_to_login(client, current):
    response = client.get(reverse("careplans:version", args=[current.public_id]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_director_reads_but_does_not_edit(client_for, director, current):
    client = client_for(director)
    assert client.get(reverse("careplans:version", args=[current.public_id])).status_code == 200
    response = client.post(reverse("careplans:revise", args=[current.public_id]))
    assert response.status_code == 404


def test_a_forged_edit_of_a_validated_version_changes_nothing(client_for, coordinator, current):
    client = client_for(coordinator)
    response = client.post(
        reverse("careplans:problem_add", args=[current.public_id]),
        {"domain": "pain", "label": "Forgé"},
    )
    assert response.status_code == 400
    assert "validée" in response.content.decode()
    response = client.post(
        reverse("careplans:section", args=[current.public_id, "situation"]),
        {"rev": current.rev_situation, "preferences": "forgé"},
    )
    assert response.status_code == 400
    current.refresh_from_db()
    assert current.preferences == "Rester chez elle" and current.problems.count() == 1


def test_validation_without_agreements_is_refused_with_a_french_message(
    client_for, coordinator, followed_patient, gp_member
):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    client = client_for(coordinator)
    client.post(reverse("careplans:submit", args=[version.public_id]))
    response = client.post(reverse("careplans:validate", args=[version.public_id]), follow=True)
    text = response.content.decode()
    assert "date de réévaluation" in text and "accord du médecin traitant" in text.lower()
    assert PpsVersion.objects.get(pk=version.pk).status == PpsStatus.SUBMITTED


def test_an_action_without_responsible_or_with_end_before_start_is_refused(
    client_for, coordinator, followed_patient, gp_member
):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    goal = version.problems.get().goals.get()
    client = client_for(coordinator)
    response = client.post(
        reverse("careplans:action_add", args=[version.public_id]),
        {
            "goal": goal.public_id,
            "what": "Visite",
            "kind": "care",
            "start_on": "2030-05-10",
            "end_on": "2030-05-01",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Choisissez qui réalise" in text
    assert "La date de fin doit" in text
    assert PlanAction.objects.count() == 1


def test_a_stale_section_shows_the_other_change(
    client_for, coordinator, medical_lead, followed_patient, gp_member
):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    url = reverse("careplans:section", args=[version.public_id, "situation"])
    rev = version.rev_situation
    client_for(coordinator).post(url, {"rev": rev, "preferences": "Rester chez elle"})
    response = client_for(medical_lead).post(url, {"rev": rev, "preferences": "Partir"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Rester chez elle" in text and "Enregistrement refusé" in text


def test_the_gp_reads_the_current_version_and_marks_their_action_done(
    client_for, external_in_team, current
):
    client = client_for(external_in_team)
    assert client.get(reverse("careplans:version", args=[current.public_id])).status_code == 200
    action = PlanAction.objects.get(goal__problem__version=current)
    response = client.post(
        reverse("careplans:action_status", args=[action.public_id]),
        {"status": "done", "row_version": 1},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert JournalEntry.objects.filter(source="careplans.action").count() == 1


def test_an_external_cannot_mark_someone_elses_action(
    client_for, coordinator, followed_patient, current
):
    from maillage.patients.tests.factories import CareTeamMemberFactory

    nurse = ExternalProfileFactory()
    CareTeamMemberFactory(patient=followed_patient, role="nurse", professional=nurse.professional)
    action = PlanAction.objects.get(goal__problem__version=current)
    client = client_for(nurse.user)
    assert client.get(reverse("careplans:version", args=[current.public_id])).status_code == 200
    response = client.post(
        reverse("careplans:action_status", args=[action.public_id]),
        {"status": "done", "row_version": 1},
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == "planned"


def test_externals_never_see_a_draft_nor_the_pps_of_an_objecting_patient(
    client_for, coordinator, external_in_team, followed_patient, current
):
    from maillage.careplans import services

    draft = services.version_revise(actor=coordinator, pps=current.pps)
    client = client_for(external_in_team)
    assert client.get(reverse("careplans:version", args=[draft.public_id])).status_code == 404
    ConsentFactory(patient=followed_patient, kind=ConsentKind.OBJECTION, recorded_by=coordinator)
    assert client.get(reverse("careplans:version", args=[current.public_id])).status_code == 404
    url = reverse("careplans:patient_pps", args=[followed_patient.public_id])
    assert client.get(url).status_code == 404


def test_the_pdf_is_laid_out_like_the_has_model_and_kept(client_for, coordinator, current):
    client = client_for(coordinator)
    response = client.get(reverse("careplans:pdf", args=[current.public_id, "pps"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Plan personnalisé de santé" in text
    assert f"version 1 du {timezone.localdate().day}" in text
    flat = " ".join(text.split())
    assert "Page 1 sur 2" in flat and "Kinésithérapie" in flat and "Risque de chute" in flat
    assert PpsDocument.objects.filter(version=current, kind="pps").count() == 1
    assert AuditEvent.objects.filter(action="careplans.pps.exported").count() == 1
    response = client.get(reverse("careplans:pdf", args=[current.public_id, "patient"]))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Mon plan de santé" in text


def test_the_fhir_export_validates_and_holds_no_ins_when_not_qualified(
    client_for, coordinator, current
):
    response = client_for(coordinator).get(reverse("careplans:fhir", args=[current.public_id]))
    assert response.status_code == 200
    data = json.loads(response.content)
    bundle = Bundle.model_validate(data)
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds[:2] == ["Patient", "CareTeam"] and "Goal" in kinds and kinds[-1] == "CarePlan"
    assert INS_NIR_SYSTEM not in response.content.decode()
    plan = bundle.entry[-1].resource
    assert plan.status == "active" and plan.activity[0].detail.status == "not-started"
    assert bundle.entry[1].resource.participant[0].member.display


def test_the_fhir_export_of_a_draft_is_refused(
    client_for, coordinator, followed_patient, gp_member
):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    response = client_for(coordinator).get(reverse("careplans:fhir", args=[version.public_id]))
    assert response.status_code == 404


def test_the_dashboard_shows_reviews_due(client_for, coordinator, followed_patient, gp_member):
    from maillage.careplans import services
    from maillage.careplans.tests.factories import set_review

    version = set_review(
        coordinator, draft_with_plan(coordinator, followed_patient, member=gp_member), 10
    )
    version = services.version_submit(actor=coordinator, version=version)
    services.gp_agreement_record(
        actor=coordinator, version=version, agreed_on=timezone.localdate(), means="phone"
    )
    services.patient_agreement_record(
        actor=coordinator, version=version, agreement="agreed", agreed_on=timezone.localdate()
    )
    services.version_validate(actor=coordinator, version=version)
    response = client_for(coordinator).get(reverse("core:dashboard"))
    assert "PPS à réévaluer" in response.content.decode()


def test_the_fhir_bundle_carries_the_ins_and_rpps_only_when_they_exist(
    coordinator, followed_patient, gp_member, current
):
    from maillage.directory.models import IdType

    professional = gp_member.professional
    professional.id_type, professional.identifier = IdType.RPPS, "10003456789"
    professional.national_id = "810003456789"
    professional.save()
    followed_patient.identity_status = "qualifiee"
    followed_patient.identity_document = "cni"
    followed_patient.ins_matricule = "283052A10812345"
    followed_patient.ins_oid = "1.2.250.1.213.1.4.8"
    followed_patient.ins_digest = "x" * 64
    followed_patient.save()
    fresh = PpsVersion.objects.select_related("pps__patient").get(pk=current.pk)
    content = build_bundle(fresh).model_dump_json(exclude_none=True)
    assert INS_NIR_SYSTEM in content and "283052A10812345" in content
    assert RPPS_SYSTEM in content and "10003456789" in content


def test_a_stale_or_unexplained_action_status_is_refused_in_french(
    client_for, coordinator, external_in_team, current
):
    action = PlanAction.objects.get(goal__problem__version=current)
    url = reverse("careplans:action_status", args=[action.public_id])
    client_for(coordinator).post(url, {"status": "in_progress", "row_version": 1})
    gp = client_for(external_in_team)
    text = gp.post(url, {"status": "done", "row_version": 1}, follow=True).content.decode()
    assert "Quelqu&#x27;un a changé cette action" in text and "« En cours »" in text
    text = gp.post(url, {"status": "abandoned", "row_version": 2}, follow=True).content.decode()
    assert "Indiquez pourquoi l&#x27;action est abandonnée" in text
    action.refresh_from_db()
    assert action.status == "in_progress" and action.row_version == 2
    assert JournalEntry.objects.filter(source="careplans.action").count() == 1


def test_without_a_gp_the_medical_lead_agrees_from_their_own_account(
    client_for, coordinator, medical_lead, followed_patient
):
    from maillage.careplans import services
    from maillage.patients.tests.factories import CareTeamMemberFactory

    nurse = CareTeamMemberFactory(patient=followed_patient, role="nurse")
    version = services.version_submit(
        actor=coordinator, version=draft_with_plan(coordinator, followed_patient, member=nurse)
    )
    url = reverse("careplans:gp_agree", args=[version.public_id])
    text = client_for(coordinator).post(url, follow=True).content.decode()
    assert "l&#x27;accord revient au médecin coordonnateur" in text
    assert PpsVersion.objects.get(pk=version.pk).gp_agreed_at is None
    page = client_for(medical_lead).get(reverse("careplans:version", args=[version.public_id]))
    assert 'data-testid="gp-agree"' in page.content.decode()
    client_for(medical_lead).post(url)
    version.refresh_from_db()
    assert version.gp_agreement_role == "medical_lead" and version.gp_agreed_user == medical_lead


def test_a_partial_agreement_names_what_is_refused_and_the_pdf_says_it(
    client_for, coordinator, followed_patient, gp_member
):
    from maillage.careplans import services
    from maillage.careplans.tests.factories import set_review

    version = set_review(
        coordinator, draft_with_plan(coordinator, followed_patient, member=gp_member)
    )
    version = services.version_submit(actor=coordinator, version=version)
    services.gp_agreement_record(
        actor=coordinator, version=version, agreed_on=timezone.localdate(), means="mail"
    )
    client = client_for(coordinator)
    url = reverse("careplans:patient_agree", args=[version.public_id])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"agreement": "partial", "agreed_on": today})
    assert response.status_code == 400
    assert "Précisez ce que le patient refuse." in response.content.decode()
    assert PpsVersion.objects.get(pk=version.pk).patient_agreement == ""
    refused = "La kinésithérapie à domicile"
    client.post(url, {"agreement": "partial", "agreed_on": today, "refused": refused})
    client.post(reverse("careplans:validate", args=[version.public_id]))
    assert PpsVersion.objects.get(pk=version.pk).status == PpsStatus.VALIDATED
    response = client.get(reverse("careplans:pdf", args=[version.public_id, "pps"]))
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Accord partiel" in text and f"refuse : {refused}" in text
