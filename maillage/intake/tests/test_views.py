"""Staff views: right role, wrong role, other network, anonymous; query budgets; flows."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from maillage.audit.models import AuditEvent
from maillage.intake.models import Status, SupportRequest
from maillage.intake.tests.factories import SupportRequestFactory
from maillage.patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def req(network):
    return SupportRequestFactory(network=network)


def _urls(req):
    pid = req.public_id
    return {
        "queue": ("get", reverse("intake:queue")),
        "history": ("get", reverse("intake:history")),
        "create": ("get", reverse("intake:create")),
        "detail": ("get", reverse("intake:detail", args=[pid])),
        "take": ("post", reverse("intake:take", args=[pid])),
        "screen": ("post", reverse("intake:screen", args=[pid])),
        "answer": ("post", reverse("intake:answer", args=[pid])),
        "answer_pdf": ("get", reverse("intake:answer_pdf", args=[pid])),
        "decide": ("post", reverse("intake:decide", args=[pid, "accept"])),
        "forward": ("post", reverse("intake:forward", args=[pid])),
        "attach": ("post", reverse("intake:attach", args=[pid])),
        "enrol": ("get", reverse("intake:enrol", args=[pid])),
    }


PER_REQUEST = [
    "detail",
    "take",
    "screen",
    "answer",
    "answer_pdf",
    "decide",
    "forward",
    "attach",
    "enrol",
]


@pytest.mark.parametrize("name", ["queue", "history", "create", "detail"])
def test_reception_reaches_the_pages(client_for, reception, req, name):
    method, url = _urls(req)[name]
    assert getattr(client_for(reception), method)(url).status_code == 200


@pytest.mark.parametrize("name", ["queue", "history", "create", *PER_REQUEST])
def test_the_network_admin_gets_404(client_for, network_admin, req, name):
    method, url = _urls(req)[name]
    assert getattr(client_for(network_admin), method)(url).status_code == 404


@pytest.mark.parametrize("name", PER_REQUEST)
def test_another_networks_staff_gets_404(client_for, coordinator_other_network, req, name):
    method, url = _urls(req)[name]
    assert getattr(client_for(coordinator_other_network), method)(url).status_code == 404
    req.refresh_from_db()
    assert req.status == Status.RECEIVED


@pytest.mark.parametrize("name", ["queue", "history", "create", *PER_REQUEST])
def test_anonymous_is_sent_to_login(client, req, name):
    method, url = _urls(req)[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_external_professionals_get_404(client_for, external_in_team, req):
    assert client_for(external_in_team).get(reverse("intake:queue")).status_code == 404
    url = reverse("intake:detail", args=[req.public_id])
    assert client_for(external_in_team).get(url).status_code == 404


@pytest.mark.parametrize("decision", ["accept", "punctual", "refuse"])
def test_reception_cannot_decide(client_for, reception, req, decision):
    from maillage.intake.services import request_take

    request_take(actor=reception, req=req)
    url = reverse("intake:decide", args=[req.public_id, decision])
    assert client_for(reception).post(url, {"why": "x"}).status_code == 404
    req.refresh_from_db()
    assert req.status == Status.QUALIFYING


def test_the_detail_is_audited(client_for, reception, req):
    client_for(reception).get(reverse("intake:detail", args=[req.public_id]))
    assert AuditEvent.objects.filter(action="intake.request.viewed", target_uuid=req.public_id)


@pytest.mark.parametrize("queue_name", ["a_qualifier", "mes_demandes", "en_attente"])
def test_the_queues_keep_a_fixed_query_budget(
    client_for, coordinator, network, queue_name, django_assert_max_num_queries
):
    client = client_for(coordinator)
    url = reverse("intake:queue") + f"?file={queue_name}"
    client.get(url)
    SupportRequestFactory.create_batch(
        12, network=network, status=Status.QUALIFYING, assigned_to=coordinator
    )
    SupportRequestFactory.create_batch(12, network=network)
    # Session, user, membership, network, counts, page, audit (PostgreSQL adds the chain lock).
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200


def test_the_queue_shows_counts_and_ages(client_for, reception, network):
    SupportRequestFactory.create_batch(3, network=network)
    SupportRequestFactory(network=network, status=Status.QUALIFYING, assigned_to=reception)
    html = client_for(reception).get(reverse("intake:queue")).content.decode()
    assert 'data-testid="count-a_qualifier">3<' in html
    assert 'data-testid="count-mes_demandes">1<' in html
    assert 'data-testid="count-en_attente">1<' in html


def test_the_detail_keeps_a_query_budget(client_for, reception, req, django_assert_max_num_queries):
    client = client_for(reception)
    url = reverse("intake:detail", args=[req.public_id])
    client.get(url)
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200


def test_reception_records_a_phone_request(client_for, reception, network):
    response = client_for(reception).post(
        reverse("intake:create"),
        {
            "channel": "phone",
            "requester_name": "Dr Lemoine",
            "requester_quality": "gp",
            "requester_phone": "0240112233",
            "reasons": ["coordination"],
            "urgency": "normal",
        },
    )
    req = SupportRequest.objects.get()
    assert response.status_code == 302 and req.created_by == reception


def test_a_staff_request_without_callback_names_the_field(client_for, reception):
    response = client_for(reception).post(
        reverse("intake:create"),
        {
            "channel": "phone",
            "requester_name": "X",
            "requester_quality": "gp",
            "reasons": ["other"],
            "urgency": "normal",
        },
    )
    assert "« Téléphone du demandeur »" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_the_answer_is_printable_and_the_download_audited(client_for, reception, req):
    from maillage.intake.services import request_answer, request_take

    request_answer(actor=reception, req=request_take(actor=reception, req=req), answer="CLIC")
    response = client_for(reception).get(reverse("intake:answer_pdf", args=[req.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="intake.answer.exported").count() == 1


def test_attaching_offers_only_records_of_the_same_network(
    client_for, reception, network, other_network, followed_patient
):
    elsewhere = PatientFactory(
        network=other_network,
        birth_name=followed_patient.birth_name,
        first_names=followed_patient.first_names,
        birth_date=followed_patient.birth_date,
    )
    req = SupportRequestFactory(
        network=network,
        person_birth_name=followed_patient.birth_name,
        person_first_names=followed_patient.first_names,
        person_birth_date=followed_patient.birth_date,
    )
    client = client_for(reception)
    url = reverse("intake:attach", args=[req.public_id])
    assert client.post(url, {"patient": str(elsewhere.public_id)}).status_code == 404
    assert client.post(url, {"patient": str(followed_patient.public_id)}).status_code == 302
    req.refresh_from_db()
    assert req.patient == followed_patient


def test_the_coordinator_enrols_from_the_form(client_for, coordinator, network):
    from maillage.intake.services import request_accept, request_take

    req = SupportRequestFactory(network=network)
    req = request_accept(actor=coordinator, req=request_take(actor=coordinator, req=req))
    today = timezone.localdate().isoformat()
    client = client_for(coordinator)
    url = reverse("intake:enrol", args=[req.public_id])
    missing = client.post(url, {"lead_coordinator": coordinator.pk, "started_on": today})
    assert "« Accord du médecin traitant »" in missing.content.decode()
    response = client.post(
        url,
        {
            "lead_coordinator": coordinator.pk,
            "started_on": today,
            "person_agreement_on": today,
            "gp_agreement_on": today,
            "birth_name": req.person_birth_name,
            "first_names": req.person_first_names,
            "birth_date": "1944-03-02",
            "sex": "F",
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.ENROLLED and req.patient is not None


def test_the_history_keeps_a_fixed_query_budget(
    client_for, director, network, other_network, reception, django_assert_max_num_queries
):
    from maillage.intake.services import request_forward

    client = client_for(director)
    url = reverse("intake:history")
    client.get(url)
    for req in SupportRequestFactory.create_batch(3, network=network):
        request_forward(actor=reception, req=req, to_network=other_network, note="Hors secteur")
    SupportRequestFactory.create_batch(25, network=network, status=Status.ANSWERED)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    assert "28 demandes" in response.content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert second.count("<tr>") == 1 + 3  # header and the three oldest, forwarded (stubs)
    assert second.count("Transmise à un autre réseau") == 3


def test_the_queue_paginates(client_for, reception, network):
    SupportRequestFactory.create_batch(27, network=network)
    client = client_for(reception)
    first = client.get(reverse("intake:queue")).content.decode()
    second = client.get(reverse("intake:queue") + "?file=a_qualifier&page=2").content.decode()
    assert first.count("/demandes/") > second.count("/demandes/")
    assert second.count('<td><a href="/demandes/') == 2


def test_the_possible_records_shown_are_audited_as_reads_of_those_patients(
    client_for, reception, network, followed_patient
):
    req = SupportRequestFactory(
        network=network,
        person_birth_name=followed_patient.birth_name,
        person_first_names=followed_patient.first_names,
        person_birth_date=followed_patient.birth_date,
    )
    client_for(reception).get(reverse("intake:detail", args=[req.public_id]))
    shown = AuditEvent.objects.filter(action="intake.request.candidate_shown")
    assert shown.count() == 1 and shown.get().patient_uuid == followed_patient.public_id


def test_an_unknown_screening_criterion_is_refused_in_french(client_for, reception, req):
    from maillage.intake.services import request_take

    request_take(actor=reception, req=req)
    response = client_for(reception).post(
        reverse("intake:screen", args=[req.public_id]), {"criteria": ["inventé"]}
    )
    assert response.status_code == 400 and "errorlist" in response.content.decode()
    req.refresh_from_db()
    assert req.complexity == []


def test_a_too_long_description_names_the_field(client_for, reception):
    response = client_for(reception).post(
        reverse("intake:create"),
        {
            "channel": "phone",
            "requester_name": "Dr Lemoine",
            "requester_quality": "gp",
            "requester_phone": "0240112233",
            "reasons": ["coordination"],
            "urgency": "normal",
            "description": "x" * 5001,
        },
    )
    assert "« Description de la situation » : 5000 caractères" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_accepting_a_request_attached_to_a_record_writes_the_journal_at_once(
    network, coordinator, followed_patient
):
    from maillage.intake import services
    from maillage.patients.models import JournalEntry

    req = SupportRequestFactory(network=network)
    req = services.request_take(actor=coordinator, req=req)
    services.request_attach_patient(actor=coordinator, req=req, patient=followed_patient)
    req.refresh_from_db()
    req = services.request_accept(actor=coordinator, req=req, note="Aggravation")
    entries = JournalEntry.objects.filter(patient=followed_patient, source="intake.request")
    assert entries.count() == 1 and entries.get().source_uuid == req.public_id
    assert req.status == Status.ACCEPTED


def test_taking_a_request_already_taken_says_who_took_it(client_for, reception, coordinator, req):
    from maillage.intake.services import request_take

    request_take(actor=coordinator, req=req)
    response = client_for(reception).post(reverse("intake:take", args=[req.public_id]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert escape(f"déjà prise en charge par {coordinator.full_name}") in html
    req.refresh_from_db()
    assert req.assigned_to == coordinator and req.transitions.count() == 1


def test_the_queues_panel_shows_the_average_delays_to_the_director_only(
    client_for, coordinator, director
):
    dashboard = reverse("core:dashboard")
    director_page = client_for(director).get(dashboard).content.decode()
    assert 'data-testid="queue-delays"' in director_page
    assert "Délais moyens (90 derniers jours)" in director_page
    coordinator_page = client_for(coordinator).get(dashboard).content.decode()
    assert 'data-testid="queue-late"' in coordinator_page
    assert 'data-testid="queue-delays"' not in coordinator_page
