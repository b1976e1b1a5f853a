"""The assessment pages: who may read and write (404 otherwise), forms, autosave, query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.assessments import services
from maillage.assessments.models import Assessment, InstrumentResult, ProblemCatalogue
from maillage.assessments.tests.factories import ZARIT_MODERATE, aggir_all
from maillage.audit.models import AuditEvent
from maillage.patients.models import ConsentKind, ConsentScope
from maillage.patients.tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(followed_patient, coordinator):
    assessment = services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
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
    )
    return services.assessment_sign(actor=coordinator, assessment=assessment)


@pytest.fixture
def draft(followed_patient, coordinator):
    return services.assessment_create(
        actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
    )


def _tab(patient):
    return reverse("assessments:patient_tab", args=[patient.public_id])


@pytest.mark.parametrize("persona", ["coordinator", "medical_lead", "external_in_team"])
def test_readers_see_the_tab_with_the_gir_the_band_and_the_chart(
    request, persona, signed, followed_patient, client_for, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    with django_assert_max_num_queries(40):
        response = client.get(_tab(followed_patient))
    assert response.status_code == 200
    html = response.content.decode()
    assert "GIR 4" in html
    assert "Fardeau modéré à sévère" in html
    assert 'data-testid="chart-zarit"' in html and "<svg" in html
    assert "Épuisement de l&#x27;aidant" in html
    assert AuditEvent.objects.filter(
        action="patients.patient.viewed", details__tab="evaluations", actor_uuid=user.public_id
    ).exists()


def test_the_tab_query_count_does_not_grow_with_history(
    signed, followed_patient, coordinator, client_for, django_assert_max_num_queries
):
    client = client_for(coordinator)
    client.get(_tab(followed_patient))
    for _ in range(5):
        draft = services.assessment_create(
            actor=coordinator, patient=followed_patient, assessed_on=timezone.localdate()
        )
        services.result_save_draft(
            actor=coordinator,
            assessment=draft,
            instrument_code="zarit",
            answers={"items": [3] * 22},
        )
        services.assessment_sign(actor=coordinator, assessment=draft)
    with django_assert_max_num_queries(40):
        assert client.get(_tab(followed_patient)).status_code == 200


@pytest.mark.parametrize(
    "persona",
    ["director", "reception", "network_admin", "coordinator_other_network", "external_outside"],
)
def test_others_get_404(request, persona, signed, followed_patient, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_tab(followed_patient)).status_code == 404
    assert client.get(reverse("assessments:detail", args=[signed.public_id])).status_code == 404
    assert (
        client.get(reverse("assessments:instrument", args=[signed.public_id, "zarit"])).status_code
        == 404
    )


def test_the_anonymous_visitor_is_sent_to_login(signed, followed_patient, client):
    response = client.get(_tab(followed_patient))
    assert response.status_code == 302 and "connexion" in response["Location"]


def test_an_objection_ends_the_gps_access(signed, followed_patient, external_in_team, client_for):
    client = client_for(external_in_team)
    assert client.get(_tab(followed_patient)).status_code == 200
    ConsentFactory(patient=followed_patient, kind=ConsentKind.OBJECTION, scope=ConsentScope.ALL)
    assert client.get(_tab(followed_patient)).status_code == 404


def test_the_gp_reads_but_does_not_write(draft, followed_patient, external_in_team, client_for):
    client = client_for(external_in_team)
    assert client.get(reverse("assessments:detail", args=[draft.public_id])).status_code == 200
    url = reverse("assessments:instrument", args=[draft.public_id, "zarit"])
    assert client.post(url, {"item_0": "2"}).status_code == 404
    assert client.post(reverse("assessments:sign", args=[draft.public_id])).status_code == 404
    assert (
        client.post(
            reverse("assessments:autosave", args=[draft.public_id]), {"participants": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("assessments:create", args=[followed_patient.public_id]), {}
        ).status_code
        == 404
    )


def test_a_coordinator_creates_fills_and_signs(
    followed_patient, coordinator, client_for, django_assert_max_num_queries
):
    client = client_for(coordinator)
    response = client.post(
        reverse("assessments:create", args=[followed_patient.public_id]),
        {"assessed_on": timezone.localdate().isoformat(), "place": "home", "participants": "Fille"},
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    with django_assert_max_num_queries(40):
        assert (
            client.get(reverse("assessments:detail", args=[assessment.public_id])).status_code
            == 200
        )
    url = reverse("assessments:instrument", args=[assessment.public_id, "zarit"])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"item_{i}": "2" for i in range(22)})
    assert response.status_code == 302
    aggir_url = reverse("assessments:instrument", args=[assessment.public_id, "aggir"])
    data = {}
    for prefix in [
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
    ]:
        for adverb in ("spontanement", "totalement", "correctement", "habituellement"):
            data[f"{prefix}__{adverb}"] = "oui"
    data["transferts__habituellement"] = "non"
    assert client.post(aggir_url, data).status_code == 302
    aggir = InstrumentResult.objects.get(instrument_code="aggir")
    assert aggir.is_complete and aggir.answers["variables"]["transferts"]["habituellement"] is False
    assert client.post(reverse("assessments:sign", args=[assessment.public_id])).status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_signed
    html = client.get(_tab(followed_patient)).content.decode()
    assert "GIR" in html and "Fardeau modéré à sévère" in html


def test_aggir_form_refuses_incomplete_adverbs_naming_the_variable(draft, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("assessments:instrument", args=[draft.public_id, "aggir"])
    response = client.post(url, {"transferts__spontanement": "oui"})
    assert response.status_code == 400
    assert "transferts : répondez aux quatre adverbes" in response.content.decode()
    assert not InstrumentResult.objects.exists()


def test_a_partial_instrument_is_saved_as_an_unscored_draft(draft, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("assessments:instrument", args=[draft.public_id, "zarit"])
    assert client.post(url, {"item_0": "3"}).status_code == 302
    result = InstrumentResult.objects.get()
    assert not result.is_complete and result.score is None
    response = client.post(reverse("assessments:sign", args=[draft.public_id]), follow=True)
    assert "Instruments incomplets : Zarit" in response.content.decode()


def test_autosave_saves_a_field_and_names_a_bad_one(draft, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("assessments:autosave", args=[draft.public_id])
    response = client.post(url, {"section-carers": "Fille épuisée"})
    assert response.status_code == 200 and response.json()["saved"] == ["section-carers"]
    assert draft.sections.get(domain="carers").observations == "Fille épuisée"
    response = client.post(url, {"place": "lune"})
    assert response.status_code == 400 and "Lieu" in response.json()["errors"]["place"][0]
    polled = client.get(url, headers={"X-Maillage-Poll": "1"})
    assert polled.status_code == 200 and polled.json()["status"] == "draft"


def test_the_medical_lead_may_write_and_the_director_may_not(
    draft, medical_lead, director, client_for
):
    url = reverse("assessments:autosave", args=[draft.public_id])
    assert client_for(medical_lead).post(url, {"participants": "Dr X"}).status_code == 200
    assert client_for(director).post(url, {"participants": "Y"}).status_code == 404


def test_problems_are_added_with_french_errors(draft, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("assessments:problem_add", args=[draft.public_id])
    response = client.post(url, {"domain": "housing", "severity": "low"})
    assert response.status_code == 400
    assert "choisissez-le dans la liste ou décrivez-le" in response.content.decode()
    assert (
        client.post(
            url, {"domain": "housing", "severity": "low", "free_text": "Baignoire"}
        ).status_code
        == 302
    )
    assert draft.problems.get().free_text == "Baignoire"


@pytest.mark.parametrize(
    "persona,status",
    [("coordinator", 200), ("network_admin", 200), ("director", 404), ("reception", 404)],
)
def test_the_catalogue_is_edited_by_staff(request, persona, status, client_for):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("assessments:catalogue")
    assert client.get(url).status_code == status
    if status == 200:
        assert (
            client.post(
                url, {"code": "incurie", "label": "Incurie", "domain": "housing"}
            ).status_code
            == 302
        )
        entry = ProblemCatalogue.objects.get(code="incurie")
        client.post(reverse("assessments:catalogue_toggle", args=[entry.public_id]))
        entry.refresh_from_db()
        assert entry.active is False


def test_the_other_networks_catalogue_entry_is_404(other_network, coordinator, client_for):
    services.catalogue_ensure_defaults(other_network)
    entry = ProblemCatalogue.objects.filter(network=other_network).first()
    url = reverse("assessments:catalogue_toggle", args=[entry.public_id])
    assert client_for(coordinator).post(url).status_code == 404


def test_an_external_member_without_the_medical_category_gets_404(
    signed, followed_patient, external_in_team, client_for
):
    member = followed_patient.care_team.get(role="gp")
    member.categories = [c for c in member.categories if c != "medical"]
    member.save(update_fields=["categories"])
    assert client_for(external_in_team).get(_tab(followed_patient)).status_code == 404
