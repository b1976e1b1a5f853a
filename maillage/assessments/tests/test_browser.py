"""The coordinator's home visit in Chromium: an AGGIR filled with the adverbs and a Zarit,
problems, signing; the GIR, the burden band and the chart on the patient's page; the autosave
that survives a dropped connection (sessionStorage only) and is erased at logout."""

import pytest
from playwright.sync_api import expect

from maillage.assessments.models import Assessment, InstrumentResult
from maillage.patients.models import JournalEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CELLS = [
    "coherence__communication",
    "coherence__comportement",
    "orientation__temps",
    "orientation__espace",
    "toilette__haut",
    "toilette__bas",
    "habillage__haut",
    "habillage__moyen",
    "habillage__bas",
    "alimentation__se_servir",
    "alimentation__manger",
    "elimination__urinaire",
    "elimination__fecale",
    "transferts",
    "deplacements_interieur",
    "deplacements_exterieur",
    "communication_distance",
]
ADVERBS = ["spontanement", "totalement", "correctement", "habituellement"]


def _wait_until(page, expression: str, seconds: float = 10) -> None:
    """Polls an expression (wait_for_function would need 'unsafe-eval' under our CSP)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Never true: {expression}")


def test_a_coordinator_assesses_at_home_and_sees_the_gir_and_the_burden(
    authenticated_page, live_url, coordinator, followed_patient, assert_accessible
):
    page = authenticated_page(coordinator)
    page.goto(live_url(f"/evaluations/patient/{followed_patient.public_id}/"))
    page.get_by_text("Nouvelle évaluation multidimensionnelle").click()
    page.get_by_label("Lieu").select_option("home")
    page.get_by_label("Participants").fill("La personne et sa fille")
    page.get_by_role("button", name="Commencer l'évaluation").click()
    page.wait_for_url("**/evaluations/*/")
    assessment = Assessment.objects.get()
    assert_accessible(page)

    # Autosave on change, then a dropped connection: kept in sessionStorage only, re-sent.
    page.get_by_test_id("section-carers").fill("Fille aidante épuisée")
    page.get_by_test_id("section-carers").blur()
    expect(page.locator("[data-autosave-status]")).to_have_attribute("data-state", "saved")
    assert assessment.sections.get(domain="carers").observations == "Fille aidante épuisée"
    page.context.set_offline(True)
    page.get_by_test_id("section-housing").fill("Escalier raide sans rampe")
    page.get_by_test_id("section-housing").blur()
    key = f"maillage.assessment.{assessment.public_id}"
    kept = page.evaluate(f"window.sessionStorage.getItem('{key}')")
    assert "Escalier raide" in kept
    assert page.evaluate("window.localStorage.length") == 0
    assert assessment.sections.get(domain="housing").observations == ""
    page.context.set_offline(False)
    _wait_until(page, f"window.sessionStorage.getItem('{key}') === null")
    assert assessment.sections.get(domain="housing").observations == "Escalier raide sans rampe"

    # AGGIR with the four adverbs: everything done except transfers (not habitually).
    page.goto(live_url(f"/evaluations/{assessment.public_id}/instruments/aggir/"))
    for cell in CELLS:
        for adverb in ADVERBS:
            answer = "non" if (cell, adverb) == ("transferts", "habituellement") else "oui"
            page.locator(f"select[name='{cell}__{adverb}']").select_option(answer)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/evaluations/{assessment.public_id}/")

    # Zarit: 22 items at « parfois » (2) = 44, moderate to severe burden.
    page.goto(live_url(f"/evaluations/{assessment.public_id}/instruments/zarit/"))
    for index in range(22):
        page.locator(f"select[name='item_{index}']").select_option("2")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/evaluations/{assessment.public_id}/")

    # Problems: one from the catalogue, one in free text.
    form = page.get_by_test_id("problem-form")
    form.get_by_label("Domaine").select_option("carers")
    form.get_by_label("Problème du catalogue").select_option(label="Épuisement de l'aidant")
    form.get_by_label("Sévérité").select_option("severe")
    page.get_by_role("button", name="Ajouter le problème").click()
    form = page.get_by_test_id("problem-form")
    form.get_by_label("Domaine").select_option("housing")
    form.get_by_label("Précision ou texte libre").fill("Escalier sans rampe")
    page.get_by_role("button", name="Ajouter le problème").click()
    assert "Escalier sans rampe" in page.get_by_test_id("assessment-problems").inner_text()

    page.get_by_role("button", name="Signer l'évaluation").click()
    page.wait_for_url(f"**/evaluations/patient/{followed_patient.public_id}/")
    assert "GIR 5" in page.get_by_test_id("latest-aggir").inner_text()
    assert page.get_by_test_id("latest-zarit").inner_text() == "Fardeau modéré à sévère"
    chart = page.get_by_test_id("chart-zarit")
    assert "44" in chart.locator("svg").text_content()
    problems = page.get_by_test_id("pps-problems").inner_text()
    assert "Épuisement de l'aidant" in problems and "Escalier sans rampe" in problems
    assert_accessible(page)

    signed = InstrumentResult.objects.filter(status="signed")
    assert {r.instrument_code for r in signed} == {"aggir", "zarit"}
    assert JournalEntry.objects.filter(source="assessments.assessment").count() == 1


def test_logout_erases_what_the_tab_kept(
    authenticated_page, live_url, coordinator, followed_patient
):
    from django.utils import timezone

    from maillage.assessments import services

    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    page = authenticated_page(coordinator)
    page.goto(live_url(f"/evaluations/{assessment.public_id}/"))
    page.context.set_offline(True)
    page.get_by_test_id("section-pain").fill("EN 7 au lever")
    page.get_by_test_id("section-pain").blur()
    key = f"maillage.assessment.{assessment.public_id}"
    assert page.evaluate(f"window.sessionStorage.getItem('{key}')") is not None
    page.context.set_offline(False)
    page.evaluate(f"window.sessionStorage.setItem('{key}', '{{\"x\": \"1\"}}')")
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert page.evaluate("window.sessionStorage.length") == 0


def test_a_medical_lead_corrects_a_signed_zarit_and_the_history_shows_both(
    authenticated_page, live_url, coordinator, medical_lead, followed_patient, assert_accessible
):
    from django.utils import timezone

    from maillage.assessments import services
    from maillage.assessments.tests.factories import ZARIT_MODERATE

    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="zarit", answers=ZARIT_MODERATE
    )
    services.assessment_sign(actor=coordinator, assessment=assessment)
    original = InstrumentResult.objects.get(instrument_code="zarit")

    page = authenticated_page(medical_lead)
    page.goto(live_url(f"/evaluations/patient/{followed_patient.public_id}/"))
    page.get_by_test_id("history-zarit").get_by_role("link", name="Corriger").click()
    page.wait_for_url(f"**/evaluations/resultats/{original.public_id}/corriger/")
    assert "Fardeau modéré à sévère" in page.get_by_test_id("original-result").inner_text()
    assert_accessible(page)

    # Without a reason: refused in French, the answers typed are kept.
    for index in range(22):
        page.locator(f"select[name='item_{index}']").select_option("1")
    page.get_by_role("button", name="Signer la correction").click()
    expect(page.get_by_test_id("reason-error")).to_contain_text("Motif de la correction")
    assert page.locator("select[name='item_0']").input_value() == "1"
    assert not InstrumentResult.objects.filter(corrects=original).exists()

    page.get_by_label("Motif de la correction").fill("Items saisis sur la mauvaise ligne")
    page.get_by_role("button", name="Signer la correction").click()
    correction = InstrumentResult.objects.get(corrects=original)
    page.wait_for_url(f"**/evaluations/resultats/{correction.public_id}/")
    versions = page.get_by_test_id("result-versions").inner_text()
    assert "Fardeau modéré à sévère" in versions and "Fardeau léger à modéré" in versions
    assert "Items saisis sur la mauvaise ligne" in versions
    assert_accessible(page)

    page.goto(live_url(f"/evaluations/patient/{followed_patient.public_id}/"))
    assert page.get_by_test_id("latest-zarit").inner_text() == "Fardeau léger à modéré"
    rows = page.get_by_test_id("history-zarit").get_by_test_id("history-row")
    expect(rows).to_have_count(2)
    assert "(remplacé)" in rows.nth(0).inner_text()
    assert "Items saisis sur la mauvaise ligne" in rows.nth(1).inner_text()
    original.refresh_from_db()
    assert original.score == 44 and original.is_signed


def test_an_instrument_filled_offline_waits_in_the_tab_and_is_sent_when_back_online(
    authenticated_page, live_url, coordinator, followed_patient
):
    from django.utils import timezone

    from maillage.assessments import services

    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    page = authenticated_page(coordinator)
    page.goto(live_url(f"/evaluations/{assessment.public_id}/instruments/zarit/"))
    page.context.set_offline(True)
    for index in range(22):
        page.locator(f"select[name='item_{index}']").select_option("2")
    page.get_by_role("button", name="Enregistrer").click()
    status = page.locator("[data-offline-status]")
    expect(status).to_have_attribute("data-state", "waiting")
    key = f"maillage.instrument.{assessment.public_id}.zarit"
    kept = page.evaluate(f"window.sessionStorage.getItem('{key}')")
    assert '"item_21":"2"' in kept
    assert page.evaluate("window.localStorage.length") == 0
    assert not InstrumentResult.objects.exists()

    page.context.set_offline(False)
    page.wait_for_url(f"**/evaluations/{assessment.public_id}/")
    result = InstrumentResult.objects.get()
    assert result.is_complete and result.score == 44
    assert page.evaluate(f"window.sessionStorage.getItem('{key}')") is None


@pytest.mark.parametrize("viewport", [(768, 1024), (1024, 768)], ids=["portrait", "landscape"])
def test_the_home_visit_pages_fit_a_tablet(
    viewport, authenticated_page, live_url, coordinator, followed_patient, assert_accessible
):
    from django.utils import timezone

    from maillage.assessments import services

    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    page = authenticated_page(coordinator)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    for path in (
        f"/evaluations/{assessment.public_id}/",
        f"/evaluations/{assessment.public_id}/instruments/aggir/",
        f"/evaluations/{assessment.public_id}/instruments/zarit/",
    ):
        page.goto(live_url(path))
        # No page-wide sideways scrolling: wide grids scroll inside their own box.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (path, overflow)
        assert_accessible(page)
    page.locator("select[name='item_0']").select_option("2")
    assert page.locator("select[name='item_0']").input_value() == "2"
