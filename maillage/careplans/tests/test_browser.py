"""The PPS journeys in Chromium: built by the coordinator from a signed assessment's problems,
agreed by the GP from the GP's own account, validated, downloaded, revised and compared."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from maillage.assessments import services as assessment_services
from maillage.careplans.fhir import INS_NIR_SYSTEM
from maillage.careplans.models import PpsStatus, PpsVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_assessment(actor, patient, problem: str) -> None:
    assessment = assessment_services.assessment_create(
        actor=actor, patient=patient, assessed_on=timezone.localdate()
    )
    assessment_services.problem_add(
        actor=actor, assessment=assessment, domain="autonomy", free_text=problem
    )
    assessment_services.assessment_sign(actor=actor, assessment=assessment)


def _as(page, authenticated_page, user):
    page.context.clear_cookies()
    return authenticated_page(user)


def test_a_pps_is_built_agreed_by_the_gp_validated_downloaded_and_revised(
    page,
    authenticated_page,
    live_url,
    assert_accessible,
    coordinator,
    followed_patient,
    external_in_team,
):
    review = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    _signed_assessment(coordinator, followed_patient, "Risque de chute")
    _as(page, authenticated_page, coordinator)
    page.goto(live_url(f"/pps/patient/{followed_patient.public_id}/"))
    page.get_by_role("button", name="Commencer le PPS").click()
    assert "Brouillon" in page.get_by_test_id("pps-status").inner_text()

    # The problems come from the signed assessment.
    page.get_by_test_id("import-problems").click()
    assert "1 problème(s) importé(s)" in page.content()
    assert "Risque de chute" in page.get_by_test_id("pps-plan").inner_text()
    page.locator("#id_text").fill("Éviter les chutes")
    page.get_by_role("button", name="Ajouter l'objectif").click()
    page.locator("#id_what").fill("Kinésithérapie d'équilibre")
    page.locator("#id_kind").select_option("prevention")
    page.locator("#id_member").select_option(index=1)
    page.locator("#id_frequency").fill("2 fois par semaine")
    page.get_by_role("button", name="Ajouter l'action").click()
    assert "Kinésithérapie" in page.get_by_test_id("pps-plan").inner_text()
    page.locator("#id_preferences").fill("Rester chez elle")
    page.locator("#id_review_due").fill(review)
    page.get_by_role("button", name="Enregistrer la situation").click()
    assert_accessible(page)
    page.get_by_test_id("submit-pps").click()
    version_url = page.url

    # The GP gives the agreement from the GP's own account.
    _as(page, authenticated_page, external_in_team)
    page.goto(version_url)
    page.get_by_test_id("gp-agree").click()
    assert "Généraliste" in page.get_by_test_id("pps-agreements").inner_text()

    # The coordinator records the patient's agreement and validates.
    _as(page, authenticated_page, coordinator)
    page.goto(version_url)
    page.locator("#id_agreement").select_option("agreed")
    page.locator("#id_agreed_on").fill(timezone.localdate().isoformat())
    page.get_by_test_id("patient-agree").click()
    page.get_by_test_id("validate-pps").click()
    assert "Validé" in page.get_by_test_id("pps-status").inner_text()
    assert PpsVersion.objects.get().status == PpsStatus.VALIDATED

    with page.expect_download() as download_info:
        page.get_by_test_id("pps-pdf").click()
    pdf = Path(download_info.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Plan personnalisé de santé" in text and "version 1 du" in text
    assert "Risque de chute" in text and "Rester chez elle" in text

    with page.expect_download() as download_info:
        page.get_by_test_id("pps-fhir").click()
    raw = Path(download_info.value.path()).read_text()
    Bundle.model_validate(json.loads(raw))
    assert INS_NIR_SYSTEM not in raw

    # Revision: a new draft from the validated version, then the differences.
    page.get_by_test_id("revise-pps").click()
    assert "version 2" in page.get_by_test_id("pps-title").inner_text()
    page.locator("#id_domain").select_option("nutrition")
    page.locator("#id_label").fill("Risque de dénutrition")
    page.get_by_role("button", name="Ajouter le problème").click()
    page.get_by_test_id("pps-diff").click()
    diff = page.get_by_test_id("pps-diff-table").inner_text()
    assert "Risque de dénutrition" in diff and "ajouté" in diff
    assert_accessible(page)


def test_the_gp_marks_their_action_done_and_a_revision_starts_from_a_template(
    page,
    authenticated_page,
    live_url,
    assert_accessible,
    coordinator,
    followed_patient,
    external_in_team,
):
    from maillage.careplans.builders import validated
    from maillage.patients.models import CareTeamMember, JournalEntry

    member = CareTeamMember.objects.get(patient=followed_patient, role="gp")
    current = validated(coordinator, followed_patient, member=member)

    # The GP reads the current PPS, sees their own action and marks it done.
    _as(page, authenticated_page, external_in_team)
    page.goto(live_url(f"/pps/version/{current.public_id}/"))
    assert "Kinésithérapie d'équilibre 1" in page.get_by_test_id("my-actions").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer l'état").click()
    assert "État de l'action enregistré" in page.content()
    assert "réalisée" in page.get_by_test_id("my-actions").inner_text()
    assert JournalEntry.objects.filter(source="careplans.action").count() == 1

    # The coordinator revises the plan and adds a template's problems, goals and actions.
    _as(page, authenticated_page, coordinator)
    page.goto(live_url(f"/pps/version/{current.public_id}/"))
    page.get_by_test_id("revise-pps").click()
    assert "version 2" in page.get_by_test_id("pps-title").inner_text()
    page.locator("#id_template").select_option("palliatif")
    page.locator("#id_responsible").select_option(index=1)
    page.get_by_role("button", name="Appliquer le modèle").click()
    plan = page.get_by_test_id("pps-plan").inner_text()
    assert "Risque de chute" in plan and "Douleur et symptômes" in plan
    assert PpsVersion.objects.get(number=2).problems.count() > 1
    assert_accessible(page)
