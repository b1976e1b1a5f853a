"""Correcting a signed result: who may, the required reason, the original kept unchanged
(service, database and pages), the link between both, the audit trail and the history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from maillage.assessments import selectors, services
from maillage.assessments.models import InstrumentResult
from maillage.assessments.tests.factories import ZARIT_MODERATE
from maillage.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def zarit(followed_patient, coordinator):
    """A signed Zarit of 44 (« fardeau modéré à sévère »)."""
    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="zarit", answers=ZARIT_MODERATE
    )
    services.assessment_sign(actor=coordinator, assessment=assessment)
    return InstrumentResult.objects.get(assessment=assessment, instrument_code="zarit")


def _zarit_post(points, reason="Item 3 inversé lors de la saisie"):
    data = {f"item_{i}": str(points) for i in range(22)}
    data["reason"] = reason
    return data


# --- service and database ------------------------------------------------------------------


def test_a_correction_needs_a_reason(zarit, medical_lead):
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            services.result_correct(
                actor=medical_lead, original=zarit, answers={"items": [1] * 22}, reason=reason
            )
        assert "Motif de la correction" in str(exc.value)
    assert InstrumentResult.objects.filter(corrects=zarit).count() == 0


def test_the_database_refuses_a_correction_without_reason(zarit, coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentResult.objects.create(
            network=zarit.network,
            patient=zarit.patient,
            assessment=zarit.assessment,
            instrument_code="zarit",
            instrument_version=zarit.instrument_version,
            author=coordinator,
            corrects=zarit,
        )


def test_a_correction_is_audited_with_both_results(zarit, medical_lead):
    correction = services.result_correct(
        actor=medical_lead, original=zarit, answers={"items": [1] * 22}, reason="Erreur item 3"
    )
    event = AuditEvent.objects.get(action="assessments.result.corrected")
    assert event.actor_uuid == medical_lead.public_id
    assert event.target_uuid == correction.public_id
    assert event.patient_uuid == zarit.patient.public_id
    assert event.details["corrects"] == str(zarit.public_id)
    assert event.details["score_before"] == 44 and event.details["score_after"] == 22
    # the reason (free text about the person) stays out of the trail
    assert "Erreur" not in str(event.details)
    assert AuditEvent.objects.filter(
        action="assessments.result.signed", target_uuid=correction.public_id
    ).exists()


def test_the_reason_of_a_signed_correction_cannot_be_changed(zarit, medical_lead):
    correction = services.result_correct(
        actor=medical_lead, original=zarit, answers={"items": [1] * 22}, reason="Erreur item 3"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        InstrumentResult.objects.filter(pk=correction.pk).update(correction_reason="autre")
    correction.refresh_from_db()
    assert correction.correction_reason == "Erreur item 3"


def test_the_history_keeps_the_original_next_to_its_correction(zarit, medical_lead):
    correction = services.result_correct(
        actor=medical_lead, original=zarit, answers={"items": [1] * 22}, reason="Erreur item 3"
    )
    (history,) = selectors.histories(zarit.patient)
    assert [r.pk for r in history.rows] == [zarit.pk, correction.pk]
    assert [r.pk for r in history.results] == [correction.pk]
    assert history.latest.pk == correction.pk
    assert history.rows[0].is_corrected and history.rows[0].correction.pk == correction.pk
    assert history.rows[1].original.pk == zarit.pk
    assert [r.pk for r in selectors.result_chain(zarit)] == [zarit.pk, correction.pk]
    assert [r.pk for r in selectors.result_chain(correction)] == [zarit.pk, correction.pk]


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "medical_lead"])
def test_writers_correct_a_signed_result_with_a_reason(
    request, persona, zarit, followed_patient, client_for, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    url = reverse("assessments:result_correct", args=[zarit.public_id])
    with django_assert_max_num_queries(40):
        page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="original-result"' in html and "Fardeau modéré à sévère" in html
    response = client.post(url, _zarit_post(1))
    correction = InstrumentResult.objects.get(corrects=zarit)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:result", args=[correction.public_id])
    assert correction.score == 22 and correction.is_signed and correction.signed_by == user
    assert correction.correction_reason == "Item 3 inversé lors de la saisie"
    zarit.refresh_from_db()
    assert zarit.score == 44 and zarit.is_signed and zarit.label.startswith("Fardeau modéré")
    tab = client.get(reverse("assessments:patient_tab", args=[followed_patient.public_id]))
    html = tab.content.decode()
    assert html.count('data-testid="history-row"') == 2
    assert "(remplacé)" in html and "motif : Item 3 inversé lors de la saisie" in html


def test_a_missing_reason_is_refused_in_french_and_nothing_is_saved(zarit, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("assessments:result_correct", args=[zarit.public_id])
    response = client.post(url, _zarit_post(1, reason=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Motif de la correction : indiquez pourquoi ce résultat est corrigé." in html
    # the answers typed are kept in the form
    assert 'value="1" selected' in html
    assert not InstrumentResult.objects.filter(corrects=zarit).exists()


def test_an_incomplete_correction_is_refused_naming_the_instrument(zarit, coordinator, client_for):
    client = client_for(coordinator)
    data = _zarit_post(1)
    data["item_5"] = ""
    response = client.post(reverse("assessments:result_correct", args=[zarit.public_id]), data)
    assert response.status_code == 400
    assert "une correction doit être complète" in response.content.decode()
    assert not InstrumentResult.objects.filter(corrects=zarit).exists()


def test_an_already_corrected_result_sends_to_its_latest_version(zarit, coordinator, client_for):
    correction = services.result_correct(
        actor=coordinator, original=zarit, answers={"items": [1] * 22}, reason="Erreur"
    )
    client = client_for(coordinator)
    url = reverse("assessments:result_correct", args=[zarit.public_id])
    response = client.post(url, _zarit_post(3))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:result", args=[correction.public_id])
    assert InstrumentResult.objects.filter(instrument_code="zarit").count() == 2


def test_a_draft_result_is_not_corrected_but_edited(followed_patient, coordinator, client_for):
    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    draft = services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="zarit", answers=ZARIT_MODERATE
    )
    client = client_for(coordinator)
    url = reverse("assessments:result_correct", args=[draft.public_id])
    assert client.get(url).status_code == 404


def test_the_result_page_shows_every_version(
    zarit, coordinator, external_in_team, client_for, django_assert_max_num_queries
):
    correction = services.result_correct(
        actor=coordinator, original=zarit, answers={"items": [1] * 22}, reason="Erreur item 3"
    )
    client = client_for(external_in_team)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("assessments:result", args=[zarit.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr") >= 3  # header + original + correction
    assert "Erreur item 3" in html and "Fardeau léger à modéré" in html
    assert 'data-testid="correct-link"' not in html  # a GP reads, never corrects
    assert AuditEvent.objects.filter(
        action="patients.patient.viewed",
        actor_uuid=external_in_team.public_id,
        details__result=str(zarit.public_id),
    ).exists()
    own = client_for(coordinator).get(reverse("assessments:result", args=[correction.public_id]))
    assert 'data-testid="correct-link"' in own.content.decode()


def test_the_result_page_query_count_does_not_grow_with_corrections(zarit, coordinator, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    url = reverse("assessments:result", args=[zarit.public_id])
    current = services.result_correct(
        actor=coordinator, original=zarit, answers={"items": [1] * 22}, reason="x"
    )
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for points in (2, 3, 4):
        current = services.result_correct(
            actor=coordinator, original=current, answers={"items": [points] * 22}, reason="x"
        )
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert response.content.decode().count("Correction</a>") == 4
    assert len(four) == len(one)


def test_a_gp_in_the_team_reads_but_may_not_correct(zarit, external_in_team, client_for):
    client = client_for(external_in_team)
    url = reverse("assessments:result_correct", args=[zarit.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, _zarit_post(1)).status_code == 404
    assert not InstrumentResult.objects.filter(corrects=zarit).exists()


@pytest.mark.parametrize(
    "persona",
    ["director", "reception", "network_admin", "coordinator_other_network", "external_outside"],
)
def test_others_get_404_on_the_result_and_its_correction(request, persona, zarit, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("assessments:result", args=[zarit.public_id])).status_code == 404
    url = reverse("assessments:result_correct", args=[zarit.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, _zarit_post(1)).status_code == 404
    assert not InstrumentResult.objects.filter(corrects=zarit).exists()


def test_the_anonymous_visitor_is_sent_to_login(zarit, client):
    for name in ("assessments:result", "assessments:result_correct"):
        response = client.get(reverse(name, args=[zarit.public_id]))
        assert response.status_code == 302 and "connexion" in response["Location"]


def test_an_aggir_is_corrected_from_its_adverbs_and_the_gir_follows(
    followed_patient, coordinator, medical_lead, client_for
):
    from maillage.assessments.tests.factories import aggir_all

    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )
    services.result_save_draft(
        actor=coordinator, assessment=assessment, instrument_code="aggir", answers=aggir_all("A")
    )
    services.assessment_sign(actor=coordinator, assessment=assessment)
    original = InstrumentResult.objects.get(instrument_code="aggir")
    assert original.details["gir"] == 6
    client = client_for(medical_lead)
    url = reverse("assessments:result_correct", args=[original.public_id])
    page = client.get(url).content.decode()
    assert 'name="transferts__lettre"' in page  # the grid, prefilled with the letters
    from maillage.assessments.forms import AggirForm

    form = AggirForm(instrument=original.instrument, initial_answers=original.answers)
    # every cell prefilled with the original letters, sub-variables included
    data = {name: form.initial.get(name, "") for name in form.fields if name.endswith("__lettre")}
    assert len([v for v in data.values() if v == "A"]) == 17  # the 17 discriminant cells
    data["reason"] = "Transferts non faits seuls la nuit"
    data["transferts__lettre"] = ""
    for adverb in ("spontanement", "totalement", "correctement", "habituellement"):
        data[f"transferts__{adverb}"] = "non"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    correction = InstrumentResult.objects.get(corrects=original)
    assert correction.answers["variables"]["transferts"]["spontanement"] is False
    assert correction.details["letters"]["transferts"] == "C"
    original.refresh_from_db()
    assert original.details["gir"] == 6 and original.answers["variables"]["transferts"] == "A"
    page = client.get(reverse("assessments:result", args=[correction.public_id])).content.decode()
    assert 'data-testid="aggir-letters"' in page
    assert "<td>Transferts</td><td>C</td>" in page
    assert "Haut du corps A · Bas du corps A" in page
