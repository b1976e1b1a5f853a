"""The director picks a period, sees the figures, drills down to the patients, downloads."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from maillage.reporting.tests.scenario import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_picks_a_period_drills_down_and_downloads(
    page, authenticated_page, live_url, assert_accessible, network, director
):
    scenario = build(network)
    authenticated_page(director)
    page.goto(live_url("/activite/"))
    page.get_by_label("Du", exact=True).fill("2026-01-01")
    page.get_by_label("Au (inclus)").fill("2026-12-31")
    page.get_by_label("Comparer avec l'année précédente").check()
    page.get_by_role("button", name="Afficher").click()
    figure = page.get_by_test_id("figure-file_active.patients")
    assert figure.inner_text().strip() == "4"
    assert page.get_by_test_id("figure-requests.total").inner_text().strip() == "5"
    assert page.locator("svg.report-chart").count() > 3
    assert_accessible(page)

    figure.get_by_role("link").click()
    page.wait_for_url("**/activite/detail/file_active.patients/**")
    assert "File active" in page.locator("h1").inner_text()
    rows = page.locator("tbody tr")
    assert rows.count() == 4
    assert scenario.patients["p1"].birth_name in page.locator("tbody").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Retour à l'activité").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("download-pdf").click()
    pdf = Path(download_info.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Rapport d'activité" in text and "Patients de la file active" in text
    with page.expect_download() as download_info:
        page.get_by_test_id("download-xlsx").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
