"""Services of the single entry point, through the real database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.intake import services
from maillage.intake.jobs import remind_late_requests
from maillage.intake.models import RequestTransition, Status, SupportRequest
from maillage.intake.selectors import queue, queue_counts, routing_proposal
from maillage.intake.tests.factories import SupportRequestFactory
from maillage.networks.models import Coverage
from maillage.networks.tests.factories import ThematicFactory
from maillage.patients.models import Consent, Enrolment, JournalEntry, Patient, Task
from maillage.patients.tests.factories import CommuneFactory, PatientFactory

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {
        "channel": "phone",
        "requester_name": "Dr Martin",
        "requester_quality": "gp",
        "requester_phone": "0240000000",
        "reasons": ["coordination"],
        **extra,
    }


def test_it_records_a_request_with_a_random_receipt_and_a_log(network, reception):
    req = services.request_create(actor=reception, network=network, data=_data())
    other = services.request_create(actor=reception, network=network, data=_data())
    assert req.status == Status.RECEIVED
    assert req.receipt_number != other.receipt_number
    assert len(req.receipt_number) == 16
    assert RequestTransition.objects.get(request=req).to_status == Status.RECEIVED
    assert AuditEvent.objects.filter(action="intake.request.created", target_uuid=req.public_id)


def test_it_refuses_a_request_without_any_way_to_call_back(network, reception):
    with pytest.raises(ValidationError) as exc:
        services.request_create(actor=reception, network=network, data=_data(requester_phone=""))
    assert "requester_phone" in exc.value.error_dict
    assert not SupportRequest.objects.exists()


def test_it_follows_only_the_allowed_transitions(network, reception):
    req = SupportRequestFactory(network=network)
    with pytest.raises(ValidationError):
        services.request_answer(actor=reception, req=req, answer="Voir le CLIC")
    req = services.request_take(actor=reception, req=req)
    assert req.first_contact_at is not None and req.assigned_to == reception
    req = services.request_answer(actor=reception, req=req, answer="Voir le CLIC")
    assert req.status == Status.ANSWERED and req.decided_at is not None
    with pytest.raises(ValidationError):
        services.request_take(actor=reception, req=req)
    assert list(req.transitions.values_list("to_status", flat=True)) == [
        "qualifying",
        "answered",
    ]


def test_a_refusal_needs_a_reason(network, coordinator):
    req = services.request_take(actor=coordinator, req=SupportRequestFactory(network=network))
    with pytest.raises(ValidationError):
        services.request_refuse(actor=coordinator, req=req, reason=" ")
    req = services.request_refuse(actor=coordinator, req=req, reason="Hors champ du réseau")
    assert req.status == Status.REFUSED and req.refusal_reason == "Hors champ du réseau"


def test_enrolment_creates_the_record_the_consent_and_the_journal(network, coordinator):
    req = SupportRequestFactory(network=network)
    req = services.request_take(actor=coordinator, req=req)
    req = services.request_accept(actor=coordinator, req=req, note="Situation complexe")
    today = timezone.localdate()
    req = services.request_enrol(
        actor=coordinator,
        req=req,
        lead_coordinator=coordinator,
        started_on=today,
        person_agreement_on=today,
        gp_agreement_on=today,
        identity={
            "birth_name": req.person_birth_name,
            "first_names": req.person_first_names,
            "birth_date": datetime.date(1940, 5, 2),
            "sex": "F",
            "identity_status": "provisoire",
        },
    )
    assert req.status == Status.ENROLLED and req.patient.network == network
    assert Enrolment.objects.filter(patient=req.patient, closed_on__isnull=True).exists()
    assert Consent.objects.filter(patient=req.patient, kind="sharing").exists()
    assert JournalEntry.objects.filter(
        patient=req.patient, source="intake.request", source_uuid=req.public_id
    ).exists()


def test_enrolment_without_the_gp_agreement_saves_nothing(network, coordinator):
    req = SupportRequestFactory(network=network, status=Status.ACCEPTED)
    with pytest.raises(ValidationError):
        services.request_enrol(
            actor=coordinator,
            req=req,
            lead_coordinator=coordinator,
            started_on=timezone.localdate(),
            person_agreement_on=timezone.localdate(),
            gp_agreement_on=None,
            identity={
                "birth_name": "X",
                "first_names": "Y",
                "birth_date": datetime.date(1950, 1, 1),
                "sex": "M",
                "identity_status": "provisoire",
            },
        )
    assert not Patient.objects.exists()
    req.refresh_from_db()
    assert req.status == Status.ACCEPTED


def test_it_attaches_only_a_record_of_the_same_network(network, other_network, reception):
    req = SupportRequestFactory(network=network)
    with pytest.raises(ValidationError):
        services.request_attach_patient(
            actor=reception, req=req, patient=PatientFactory(network=other_network)
        )
    mine = PatientFactory(network=network)
    assert services.request_attach_patient(actor=reception, req=req, patient=mine).patient == mine


def test_forwarding_leaves_a_stub_and_a_new_request_in_the_other_queue(
    network, other_network, reception, coordinator_other_network
):
    commune = CommuneFactory()
    req = SupportRequestFactory(network=network, person_commune=commune, gp_name="Dr Durand")
    copy = services.request_forward(
        actor=reception, req=req, to_network=other_network, note="Commune de votre territoire"
    )
    stub = SupportRequest.objects.get(pk=req.pk)
    assert stub.status == Status.FORWARDED and stub.is_stub
    assert stub.forwarded_to == other_network
    assert stub.person_birth_name == "" and stub.requester_phone == "" and stub.gp_name == ""
    assert stub.person_commune is None and stub.description == ""
    assert copy.network == other_network and copy.forwarded_from == network
    assert copy.person_birth_name == req.person_birth_name
    assert list(queue(other_network, "a_qualifier", coordinator_other_network)) == [copy]
    assert not queue(network, "a_qualifier", reception).exists()
    assert queue_counts(network, reception) == {
        "a_qualifier": 0,
        "mes_demandes": 0,
        "en_attente": 0,
    }


def test_routing_proposes_the_networks_covering_the_commune(network, other_network):
    commune = CommuneFactory()
    thematic = ThematicFactory(code="geronto")
    Coverage.objects.create(network=other_network, thematic=thematic, commune=commune)
    req = SupportRequestFactory(network=network, person_commune=commune)
    req.thematics.set([thematic])
    proposal = routing_proposal(req)
    assert proposal.networks == [other_network] and not proposal.covers_own


def test_a_late_request_gets_one_task(network, reception):
    network.request_target_delay_hours = 24
    network.save()
    late = SupportRequestFactory(
        network=network, received_at=timezone.now() - datetime.timedelta(hours=30)
    )
    SupportRequestFactory(network=network)
    assert remind_late_requests() == 1
    assert remind_late_requests() == 0
    task = Task.objects.get(source_uuid=late.public_id)
    assert task.assignee == reception and task.network == network


def test_the_public_receipt_email_repeats_nothing_typed(network, mailoutbox, settings):
    req = services.request_public_submit(
        network=network,
        data=_data(requester_email="proche@example.org", description="Ma mère Mme VALLIER chute"),
    )
    from django.core import mail

    from maillage.tasks.mail import send_email_task  # noqa: F401

    bodies = [m.body + m.subject for m in mail.outbox]
    if not bodies:  # database task backend: run the queued task
        from django_tasks.backends.database.models import DBTaskResult

        for result in DBTaskResult.objects.all():
            result.task.call(*result.args, **result.kwargs)
        bodies = [m.body + m.subject for m in mail.outbox]
    assert any(req.receipt_number in body for body in bodies)
    assert not any("VALLIER" in body or "Martin" in body for body in bodies)


def test_the_gp_picked_in_the_directory_joins_the_care_team_at_enrolment(network, coordinator):
    from maillage.directory.tests.factories import ProfessionalFactory as DirectoryProfessional
    from maillage.patients.models import CareTeamMember

    gp = DirectoryProfessional()
    req = SupportRequestFactory(network=network, gp_professional=gp, gp_name=gp.display_name)
    req = services.request_accept(
        actor=coordinator, req=services.request_take(actor=coordinator, req=req)
    )
    today = timezone.localdate()
    req = services.request_enrol(
        actor=coordinator,
        req=req,
        lead_coordinator=coordinator,
        started_on=today,
        person_agreement_on=today,
        gp_agreement_on=today,
        identity={
            "birth_name": req.person_birth_name,
            "first_names": req.person_first_names,
            "birth_date": datetime.date(1941, 6, 3),
            "sex": "M",
            "identity_status": "provisoire",
        },
    )
    member = CareTeamMember.objects.get(patient=req.patient, role="gp")
    assert member.professional == gp and member.ended_on is None


def test_an_existing_gp_in_the_care_team_is_never_replaced(network, coordinator):
    from maillage.directory.tests.factories import ProfessionalFactory as DirectoryProfessional
    from maillage.patients.models import CareTeamMember
    from maillage.patients.services.careteam import care_team_member_add

    patient = PatientFactory(network=network)
    own_gp = DirectoryProfessional()
    today = timezone.localdate()
    care_team_member_add(
        actor=coordinator, patient=patient, role="gp", professional=own_gp, started_on=today
    )
    req = SupportRequestFactory(network=network, gp_professional=DirectoryProfessional())
    req = services.request_take(actor=coordinator, req=req)
    services.request_attach_patient(actor=coordinator, req=req, patient=patient)
    req.refresh_from_db()
    req = services.request_accept(actor=coordinator, req=req)
    services.request_enrol(
        actor=coordinator,
        req=req,
        lead_coordinator=coordinator,
        started_on=today,
        person_agreement_on=today,
        gp_agreement_on=today,
    )
    gps = CareTeamMember.objects.filter(patient=patient, role="gp")
    assert [m.professional for m in gps] == [own_gp]
