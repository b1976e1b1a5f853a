"""In Chromium: the director confirms her password, fills the study form and downloads the
pseudonymised CSV."""

import datetime
import re
from pathlib import Path

import pytest

from maillage.accounts.testing import SESSION_REAUTH_AT
from maillage.accounts.tests.factories import TEST_PASSWORD
from maillage.audit.models import AuditEvent
from maillage.patients.tests.factories import CommuneFactory, EnrolmentFactory, PatientFactory


def _forget_reauthentication(page):
    """The session was opened long ago: the password must be confirmed again."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = SessionStore(session_key=cookie["value"])
    store.pop(SESSION_REAUTH_AT, None)
    store.save()


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_exports_a_pseudonymised_file_for_a_study(
    page, authenticated_page, live_url, director, coordinator, network, assert_accessible
):
    nantes = CommuneFactory()
    for _ in range(3):
        patient = PatientFactory(network=network, commune=nantes, birth_name="DUPLESSIS")
        EnrolmentFactory(
            patient=patient, lead_coordinator=coordinator, started_on=datetime.date(2026, 2, 1)
        )
    authenticated_page(director)
    _forget_reauthentication(page)
    page.goto(live_url("/activite/etude-pseudonymisee/"))
    page.get_by_role("heading", name="Confirmer votre identité").wait_for()
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.get_by_role("heading", name="Fichier pseudonymisé pour une étude").wait_for()
    assert_accessible(page)
    # A missing legal basis is refused in French, and what was typed stays.
    page.get_by_label("Début de la période").fill("2026-01-01")
    page.get_by_label("Fin de la période").fill("2026-12-31")
    page.get_by_label("Finalité de l'étude").fill("Parcours après hospitalisation")
    page.get_by_label("Destinataire").fill("ORS Pays de la Loire")
    page.get_by_role("button", name="Télécharger le fichier CSV").click()
    page.get_by_text("Base légale manquante").wait_for()
    assert page.get_by_label("Destinataire").input_value() == "ORS Pays de la Loire"
    page.get_by_label(re.compile(r"^Base légale")).select_option("mr004")
    page.get_by_label("Référence de la base légale").fill("MR-004 n° 2226001")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le fichier CSV").click()
    assert download.value.suggested_filename.startswith("etude-pseudonymisee-")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("pseudonyme;sexe;tranche_age")
    assert len(lines) == 4
    assert "DUPLESSIS" not in text
    event = AuditEvent.objects.get(action="reporting.study.exported")
    assert event.details["filters"]["recipient"] == "ORS Pays de la Loire"
