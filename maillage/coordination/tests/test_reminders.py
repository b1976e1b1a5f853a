"""Automatic tasks and notifications: raised once by the scheduled job or by the service that
changes the situation (consent withdrawn, request handed over)."""

import datetime

import pytest
from django.utils import timezone

from maillage.coordination import reminders
from maillage.coordination.models import Notification
from maillage.patients.models import Consent, Task
from maillage.patients.services import consent_withdraw
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    ConsentFactory,
    EnrolmentFactory,
    PatientFactory,
    TaskFactory,
)
from maillage.tasks.schedule import SCHEDULE

pytestmark = pytest.mark.django_db


def test_the_job_is_registered_every_six_hours():
    assert SCHEDULE["coordination.raise_reminders"][0] == 6 * 60


def test_a_patient_without_consent_gets_a_task_once(coordinator, network):
    patient = PatientFactory(network=network)
    EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    assert reminders.job() == 1
    task = Task.objects.get(origin=reminders.CONSENT_ORIGIN)
    assert task.assignee == coordinator and task.patient == patient
    assert Notification.objects.filter(user=coordinator, kind="task_assigned").count() == 1
    assert reminders.job() == 0  # idempotent
    from maillage.patients.services import task_complete

    task_complete(actor=coordinator, task=task, expected_version=task.version)
    assert reminders.job() == 0  # done without a consent: not raised again every night


def test_a_patient_with_consent_gets_no_task(followed_patient):
    assert reminders.consents_to_collect() == 0
    assert not Task.objects.exists()


def test_withdrawing_the_consent_notifies_the_lead_and_asks_to_collect_it(
    followed_patient, coordinator, medical_lead
):
    consent = Consent.objects.get(patient=followed_patient, kind="sharing")
    consent_withdraw(actor=medical_lead, consent=consent)
    notification = Notification.objects.get(user=coordinator, kind="consent_withdrawn")
    assert notification.patient == followed_patient
    assert notification.link == f"/patients/{followed_patient.public_id}/consentement/"
    task = Task.objects.get(origin=reminders.CONSENT_ORIGIN)
    assert task.source_uuid == consent.public_id
    assert reminders.job() == 0  # already raised by the withdrawal


def test_the_lead_who_withdraws_is_not_told_but_gets_the_task(followed_patient, coordinator):
    consent = Consent.objects.get(patient=followed_patient, kind="sharing")
    consent_withdraw(actor=coordinator, consent=consent)
    assert not Notification.objects.filter(kind="consent_withdrawn").exists()
    assert Task.objects.filter(origin=reminders.CONSENT_ORIGIN, assignee=coordinator).exists()


def test_withdrawing_an_objection_raises_nothing(followed_patient, coordinator, medical_lead):
    objection = ConsentFactory(patient=followed_patient, kind="objection", recorded_by=coordinator)
    consent_withdraw(actor=medical_lead, consent=objection)
    assert not Notification.objects.exists()
    assert not Task.objects.exists()


def test_an_overdue_pps_review_notifies_once(followed_patient, coordinator):
    task = TaskFactory(
        patient=followed_patient,
        assignee=coordinator,
        origin=reminders.PPS_REVIEW_ORIGIN,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    TaskFactory(  # not late yet
        patient=followed_patient,
        assignee=coordinator,
        origin=reminders.PPS_REVIEW_ORIGIN,
        due_on=timezone.localdate(),
    )
    assert reminders.reviews_overdue() == 1
    assert reminders.reviews_overdue() == 0
    notification = Notification.objects.get(kind="review_overdue")
    assert notification.user == coordinator and notification.source_uuid == task.public_id


def _validated_pps(coordinator, patient, member, review_in_days):
    from maillage.careplans import services
    from maillage.careplans.builders import draft_with_plan, set_review

    version = draft_with_plan(coordinator, patient, member=member)
    version = set_review(coordinator, version, days=review_in_days)
    version = services.version_submit(actor=coordinator, version=version)
    version = services.gp_agreement_record(
        actor=coordinator, version=version, agreed_on=timezone.localdate(), means="phone"
    )
    version = services.patient_agreement_record(
        actor=coordinator, version=version, agreement="agreed", agreed_on=timezone.localdate()
    )
    return services.version_validate(actor=coordinator, version=version)


@pytest.fixture
def gp_member(followed_patient, external_in_team):
    from maillage.patients.models import CareTeamMember

    return CareTeamMember.objects.get(patient=followed_patient, role="gp")


def test_a_reassessment_is_planned_before_the_pps_review(followed_patient, coordinator, gp_member):
    version = _validated_pps(coordinator, followed_patient, gp_member, review_in_days=20)
    assert reminders.reassessments_due() == 1
    task = Task.objects.get(origin=reminders.REASSESSMENT_ORIGIN)
    assert task.source_uuid == version.public_id and task.assignee == coordinator
    assert task.due_on == timezone.localdate() + datetime.timedelta(days=6)
    assert reminders.reassessments_due() == 0


def test_no_reassessment_when_the_review_is_far_or_already_reassessed(
    followed_patient, coordinator, gp_member
):
    from maillage.assessments.tests.factories import AssessmentFactory

    _validated_pps(coordinator, followed_patient, gp_member, review_in_days=90)
    assert reminders.reassessments_due() == 0
    other = PatientFactory(network=followed_patient.network)
    EnrolmentFactory(patient=other, lead_coordinator=coordinator)
    ConsentFactory(patient=other, recorded_by=coordinator)
    member = CareTeamMemberFactory(patient=other, role="gp")
    _validated_pps(coordinator, other, member, review_in_days=10)
    AssessmentFactory(
        patient=other,
        author=coordinator,
        status="signed",
        signed_at=timezone.now() + datetime.timedelta(seconds=1),
        signed_by=coordinator,
    )
    assert reminders.reassessments_due() == 0


def test_a_request_handed_to_a_colleague_notifies_them(reception, coordinator, network):
    from maillage.intake.services import request_transition
    from maillage.intake.tests.factories import SupportRequestFactory

    req = SupportRequestFactory(network=network)
    request_transition(actor=reception, req=req, to="qualifying", assigned_to=coordinator)
    notification = Notification.objects.get(user=coordinator)
    assert notification.kind == "request_assigned"
    assert notification.link == f"/demandes/{req.public_id}/"
    assert notification.patient is None


def test_a_request_taken_by_oneself_notifies_nobody(reception, network):
    from maillage.intake.services import request_take
    from maillage.intake.tests.factories import SupportRequestFactory

    request_take(actor=reception, req=SupportRequestFactory(network=network))
    assert not Notification.objects.exists()


def test_a_task_created_on_the_record_for_a_colleague_notifies_them(
    client_for, coordinator, medical_lead, followed_patient
):
    from django.urls import reverse

    url = reverse("patients:tasks", args=[followed_patient.public_id])
    client = client_for(coordinator)
    client.post(url, {"title": "Avis médical", "assignee": medical_lead.pk, "priority": "normal"})
    client.post(url, {"title": "Pour moi", "assignee": coordinator.pk, "priority": "normal"})
    assert Task.objects.count() == 2
    assert list(Notification.objects.values_list("user", "kind")) == [
        (medical_lead.pk, "task_assigned")
    ]


def test_consents_recorded_and_withdrawn_show_on_the_timeline(
    client_for, coordinator, home_nurse, network
):
    from django.urls import reverse

    from maillage.patients.models import JournalEntry
    from maillage.patients.services import consent_record
    from maillage.patients.tests.factories import CareTeamMemberFactory

    patient = PatientFactory(network=network)
    EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    today = timezone.localdate()
    sharing = consent_record(
        actor=coordinator, patient=patient, kind="sharing", method="oral", given_on=today
    )
    consent_record(
        actor=coordinator, patient=patient, kind="reuse_objection", method="oral", given_on=today
    )
    consent_withdraw(actor=coordinator, consent=sharing)
    entries = JournalEntry.objects.filter(source="patients.consent").order_by("id")
    assert [(e.confidentiality, e.body.split(" : ")[1]) for e in entries] == [
        ("care_team", "déclaration enregistrée."),
        ("network_staff", "déclaration enregistrée."),
        ("care_team", "déclaration retirée."),
    ]
    url = reverse("coordination:timeline", args=[patient.public_id])
    staff = client_for(coordinator).get(url).content.decode()
    assert staff.count("Consentement et oppositions") == 3
    CareTeamMemberFactory(patient=patient, role="nurse", external_user=home_nurse)
    ConsentFactory(patient=patient, recorded_by=coordinator)  # the nurse may read the record again
    nurse = client_for(home_nurse).get(url).content.decode()
    assert "« Opposition à la réutilisation pour les statistiques »" in staff
    # The objection's entry stays with the network's staff.
    assert "« Opposition à la réutilisation pour les statistiques »" not in nurse
    assert "« Information et accord au partage dans l&#x27;équipe de soins »" in nurse


def test_recording_the_consent_completes_the_task_to_collect_it(coordinator, medical_lead, network):
    from maillage.patients.services import consent_record

    patient = PatientFactory(network=network)
    EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    assert reminders.consents_to_collect() == 1
    consent_record(
        actor=medical_lead,
        patient=patient,
        kind="sharing",
        method="oral",
        given_on=timezone.localdate(),
    )
    task = Task.objects.get(origin=reminders.CONSENT_ORIGIN)
    assert task.done_at is not None and task.done_by == medical_lead
    assert reminders.job() == 0
