"""A referral from the patient's record, through sessions, to the provider's monthly statement."""

import re

import pytest
from playwright.sync_api import expect

from maillage.supportcare.models import SupportCareReferral, SupportSession


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_referral_runs_through_sessions_to_the_monthly_statement(
    authenticated_page,
    live_url,
    assert_accessible,
    coordinator,
    provider,
    sc_patient,
    cancer_line,
    support_provider,
):
    page = authenticated_page(coordinator)
    page.goto(live_url(f"/soins-de-support/patients/{sc_patient.public_id}/"))
    page.get_by_role("link", name="Orienter vers un soin de support").click()
    page.get_by_label("Ligne de financement").select_option(label=cancer_line.name)
    page.get_by_label("Soin de support").select_option("psychology")
    page.get_by_label("Intervenant choisi").select_option(label=support_provider.name)
    page.get_by_label("Séances accordées").fill("4")
    page.get_by_label("Date de l'orientation").fill("2026-06-01")
    page.get_by_label("Thématique").select_option(label="Cancérologie")
    page.get_by_label("Phase de traitement").select_option("after_treatment")
    page.get_by_label("Fin du traitement").fill("2026-03-10")
    page.get_by_label("Pris en charge en affection de longue durée (ALD)").check()
    page.get_by_label("Code INSEE de la commune de résidence").fill("44109")
    page.get_by_label("Prescripteur", exact=True).fill("Dr Fictif")
    page.get_by_label("Qualité du prescripteur").select_option("gp")
    page.get_by_label("Date de prescription").fill("2026-05-20")
    page.get_by_role("button", name="Proposer l'orientation").click()
    page.wait_for_url(re.compile(r"/soins-de-support/orientations/[0-9a-f-]+/$"))
    assert "Proposée" in page.get_by_test_id("referral-status").inner_text()
    assert_accessible(page)

    page.get_by_label("Nouveau statut").select_option("accepted")
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.get_by_test_id("referral-status")).to_contain_text("Acceptée")

    for day in ("2026-06-10", "2026-06-17", "2026-06-24"):
        page.get_by_label("Date de la séance").fill(day)
        page.get_by_test_id("session-form").get_by_label("Statut").select_option("held")
        page.get_by_role("button", name="Enregistrer la séance").click()
        page.wait_for_load_state()
    expect(page.get_by_test_id("referral-count")).to_contain_text("3 réalisée(s) sur 4")
    expect(page.get_by_text("Plus qu'une séance").first).to_be_visible()
    # A session in the future is refused with a French message, nothing saved.
    page.get_by_label("Date de la séance").fill("2099-01-01")
    page.get_by_test_id("session-form").get_by_label("Statut").select_option("held")
    page.get_by_role("button", name="Enregistrer la séance").click()
    expect(page.get_by_text(re.compile("dans le futur"))).to_be_visible()
    assert SupportSession.objects.count() == 3
    assert_accessible(page)

    page.goto(live_url("/soins-de-support/releves/"))
    # June is finished: its three held sessions wait for their statement, issued in one click.
    row = page.get_by_test_id("to-state").get_by_role("row", name=re.compile("juin 2026"))
    expect(row).to_contain_text("90,00")
    assert_accessible(page)
    row.get_by_role("button", name=re.compile("Émettre ce relevé")).click()
    page.wait_for_url(re.compile(r"/soins-de-support/releves/[0-9a-f-]+/$"))
    assert page.get_by_test_id("statement-total").inner_text() == "90,00\u00a0€"
    assert_accessible(page)

    # The provider, logged in with their own account, finds the statement and the patient.
    page = authenticated_page(provider)
    page.goto(live_url("/soins-de-support/mes-seances/"))
    referral = SupportCareReferral.objects.get()
    page.get_by_role("link", name=referral.patient.display_name).click()
    assert "3 réalisée(s) sur 4" in page.get_by_test_id("referral-count").inner_text()
    page.goto(live_url("/soins-de-support/mes-seances/"))
    page.get_by_role("link", name=re.compile("juin 2026")).click()
    assert page.get_by_test_id("statement-total").inner_text() == "90,00\u00a0€"
    assert_accessible(page)
