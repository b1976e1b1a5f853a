"""Browser journeys of the shared security services: the archive read with a reason, the French
429 page, a protected download."""

import pytest
from django.utils import timezone

from maillage.files.services import store_upload
from maillage.files.tests import samples
from maillage.retention.tests.factories import SampleRecordFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_reads_an_archive_with_a_reason(
    login_page, director, network, live_url, assert_accessible
):
    archived = SampleRecordFactory(
        network=network, label="Dossier clos", archived_at=timezone.now()
    )
    page = login_page(director)
    page.goto(live_url("/conservation/archives/"))
    assert_accessible(page)
    page.get_by_role("link", name=f"Consulter {str(archived.public_id)[:8]}").click()
    page.get_by_label("Motif de la consultation").fill("court")
    page.get_by_role("button", name="Consulter l'archive").click()
    assert page.get_by_text("Motif trop court").is_visible()
    assert_accessible(page)
    page.get_by_label("Motif de la consultation").fill("Demande de droit d'accès du 12 mars")
    page.get_by_role("button", name="Consulter l'archive").click()
    assert page.get_by_role("cell", name="Dossier clos").is_visible()
    assert_accessible(page)


def test_too_many_password_reset_requests_show_the_french_429_page(
    page, live_url, assert_accessible
):
    for _ in range(4):
        page.goto(live_url("/compte/mot-de-passe/oubli/"))
        page.locator("input[name=email]").fill("quelquun@example.org")
        page.get_by_role("button", name="Recevoir le lien").click()
    assert page.get_by_role("heading", name="Trop de tentatives").is_visible()
    assert_accessible(page)


def test_a_coordinator_downloads_an_attachment(login_page, coordinator, network, live_url):
    record = SampleRecordFactory(network=network)
    stored = store_upload(
        actor=coordinator,
        network=network,
        uploaded_file=samples.upload("Compte rendu.pdf", samples.pdf()),
        use="tests.attachment",
        owner=record,
    )
    page = login_page(coordinator)
    with page.expect_download() as info:
        page.evaluate(
            """url => { const a = document.createElement('a'); a.href = url;
                        document.body.append(a); a.click(); }""",
            f"/fichiers/{stored.public_id}/",
        )
    download = info.value
    assert download.suggested_filename == "Compte rendu.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == samples.pdf()
