"""The person's full export (RGPD art. 15) includes the assessments: every assessment with its
observations and problems, every result with its answers, the corrected original next to its
correction, and our audit actions named in French in the access log."""

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.assessments import services
from maillage.assessments.models import InstrumentResult, ProblemCatalogue
from maillage.assessments.tests.factories import ZARIT_MODERATE, aggir_all
from maillage.patients import rights

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(followed_patient, coordinator, medical_lead):
    assessment = services.assessment_create(
        actor=coordinator,
        patient=followed_patient,
        assessed_on=timezone.localdate(),
        participants="La personne et sa fille",
    )
    services.assessment_autosave(
        actor=coordinator, assessment=assessment, changes={"section-carers": "Fille épuisée"}
    )
    services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="aggir", answers=aggir_all("B")
    )
    services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="zarit", answers=ZARIT_MODERATE
    )
    services.problem_add(
        actor=coordinator,
        assessment=assessment,
        domain="carers",
        catalogue=ProblemCatalogue.objects.get(
            network=followed_patient.network, code="epuisement-aidant"
        ),
        severity="severe",
    )
    services.assessment_sign(actor=coordinator, assessment=assessment)
    zarit = InstrumentResult.objects.get(instrument_code="zarit")
    services.result_correct(
        actor=medical_lead, original=zarit, answers={"items": [1] * 22}, reason="Erreur de saisie"
    )
    draft = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    services.result_save_draft(
        actor=coordinator, assessment=draft, instrument_code="mna_sf", answers={"items": [2, 3]}
    )
    return assessment


def _section(data, key):
    return next(s for s in data["sections"] if s["key"] == key)


def test_the_export_sections_are_registered():
    keys = {s.key for s in rights._SECTIONS.values()}
    assert {"evaluations", "resultats_instruments"} <= keys


def test_the_json_export_holds_assessments_results_and_corrections(
    assessed, followed_patient, coordinator, client_for
):
    response = client_for(coordinator).get(
        reverse("patients:export_json", args=[followed_patient.public_id])
    )
    assert response.status_code == 200
    data = json.loads(response.content)

    assessments = _section(data, "evaluations")["rows"]
    assert len(assessments) == 2
    signed = next(r for r in assessments if r["Statut"] == "Signée")
    assert signed["Participants"] == "La personne et sa fille"
    assert "Aidants : Fille épuisée" in signed["Observations"]
    assert "Épuisement de l'aidant" in signed["Problèmes identifiés"]
    assert "sévérité sévère" in signed["Problèmes identifiés"]

    results = _section(data, "resultats_instruments")["rows"]
    by_label = {r["Résultat"]: r for r in results}
    assert by_label["Fardeau modéré à sévère"]["Score"] == "44"
    assert by_label["Fardeau modéré à sévère"]["Remplacé par la correction du"]
    correction = by_label["Fardeau léger à modéré"]
    assert correction["Motif de la correction"] == "Erreur de saisie"
    assert correction["Corrige le résultat signé le"]
    assert any(r["Instrument"].startswith("AGGIR") and "GIR" in r["Résultat"] for r in results)
    draft = next(r for r in results if r["Statut"] == "Brouillon")
    assert draft["Résultat"] == "Incomplet, non calculé" and draft["Score"] == ""
    assert json.loads(draft["Réponses"])["items"][:2] == [2, 3]

    accesses = _section(data, "acces")["rows"]
    actions = {row["Action"] for row in accesses}
    assert "Correction d'un résultat signé" in actions
    assert not any(a.startswith("assessments.") for a in actions)


def test_the_pdf_export_holds_the_assessments(assessed, followed_patient, coordinator, client_for):
    response = client_for(coordinator).get(
        reverse("patients:export_pdf", args=[followed_patient.public_id])
    )
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Évaluations multidimensionnelles" in text
    assert "Résultats des instruments" in text and "Erreur de saisie" in text


def test_the_export_sections_read_in_a_bounded_number_of_queries(
    assessed, followed_patient, django_assert_max_num_queries
):
    from maillage.assessments.rights import assessment_rows, result_rows

    with django_assert_max_num_queries(6):
        assert len(assessment_rows(followed_patient)) == 2
    with django_assert_max_num_queries(3):
        assert len(result_rows(followed_patient)) == 4
