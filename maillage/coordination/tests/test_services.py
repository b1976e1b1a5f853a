import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.coordination import digest, selectors, services
from maillage.coordination.models import DigestPreference, Message, Notification
from maillage.coordination.permissions import thread_participants
from maillage.files.models import StoredFile
from maillage.files.tests import samples
from maillage.patients.models import JournalEntry, Task
from maillage.patients.permissions import journal_visibility
from maillage.patients.tests.factories import JournalEntryFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_task_assigned_outside_the_network(
    coordinator, followed_patient, coordinator_other_network
):
    with pytest.raises(ValidationError) as exc:
        services.task_assign(
            actor=coordinator,
            network=followed_patient.network,
            assignee=coordinator_other_network,
            title="Appeler",
            patient=followed_patient,
        )
    assert "équipe du réseau" in str(exc.value)
    assert not Task.objects.exists()
    assert not Notification.objects.exists()


def test_a_task_assigned_to_a_colleague_notifies_them(coordinator, medical_lead, followed_patient):
    services.task_assign(
        actor=coordinator,
        network=followed_patient.network,
        assignee=medical_lead,
        title="Avis",
        patient=followed_patient,
    )
    assert Notification.objects.get(user=medical_lead).kind == "task_assigned"


def test_reassigning_outside_the_network_changes_nothing(
    coordinator, followed_patient, coordinator_other_network
):
    task = TaskFactory(patient=followed_patient, assignee=coordinator)
    with pytest.raises(ValidationError):
        services.task_reassign(actor=coordinator, task=task, assignee=coordinator_other_network)
    task.refresh_from_db()
    assert task.assignee == coordinator


def test_a_refused_attachment_keeps_no_entry(coordinator, followed_patient):
    bad = SimpleUploadedFile("x.html", b"<html><script>alert(1)</script></html>", "text/html")
    with pytest.raises(ValidationError):
        services.timeline_entry_add(
            actor=coordinator, patient=followed_patient, attachment=bad, kind="note", body="Note"
        )
    assert not JournalEntry.objects.exists()
    assert not StoredFile.objects.exists()


def test_an_entry_keeps_its_pdf_attachment(coordinator, followed_patient):
    pdf = SimpleUploadedFile("cr.pdf", samples.pdf(), "application/pdf")
    entry = services.timeline_entry_add(
        actor=coordinator, patient=followed_patient, attachment=pdf, kind="visit", body="Visite"
    )
    stored = StoredFile.objects.get()
    assert (
        stored.owner_type == "patients.journalentry" and stored.owner_public_id == entry.public_id
    )


def test_a_message_notifies_the_care_team_and_is_audited(coordinator, followed_patient, home_nurse):
    services.message_post(
        actor=coordinator,
        patient=followed_patient,
        body="<b>Bonjour</b>",
        recipients=thread_participants(followed_patient),
    )
    assert Notification.objects.get(user=home_nurse).kind == "message"
    assert not Notification.objects.filter(user=coordinator).exists()
    assert AuditEvent.objects.filter(action="coordination.message.posted").count() == 1
    assert selectors.thread_unread_count(home_nurse, followed_patient) == 1
    assert selectors.thread_unread_count(coordinator, followed_patient) == 0


def test_an_empty_message_is_refused(coordinator, followed_patient):
    with pytest.raises(ValidationError):
        services.message_post(actor=coordinator, patient=followed_patient, body="  ", recipients=[])
    assert not Message.objects.exists()


def test_the_timeline_pages_by_keyset_and_filters(coordinator, medical_lead, followed_patient):
    now = timezone.now()
    for i in range(7):
        JournalEntryFactory(
            patient=followed_patient,
            author=coordinator,
            kind="call",
            occurred_at=now - datetime.timedelta(hours=i),
        )
    JournalEntryFactory(
        patient=followed_patient,
        author=medical_lead,
        kind="note",
        occurred_at=now - datetime.timedelta(days=3),
        confidentiality="medical",
    )

    class Access:
        user = coordinator
        is_staff = True
        role = "coordinator"
        members = ()

    visibility = journal_visibility(Access)
    first = selectors.timeline(followed_patient, visibility, size=5)
    assert len(first.entries) == 5 and first.next_cursor
    second = selectors.timeline(followed_patient, visibility, size=5, cursor=first.next_cursor)
    assert len(second.entries) == 2  # the medical note stays hidden from a coordinator
    assert not {e.pk for e in first.entries} & {e.pk for e in second.entries}
    assert len(selectors.timeline(followed_patient, visibility, kind="note").entries) == 0
    assert len(selectors.timeline(followed_patient, visibility, author=coordinator).entries) == 7


def test_the_digest_names_nobody_and_links_only(
    coordinator, followed_patient, mailoutbox, settings
):
    from maillage.networks.tests.factories import ThematicFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A deployment whose sender names a network: the digest still comes from "Maillage".
    settings.DEFAULT_FROM_EMAIL = "DAC Soins palliatifs <contact@dac.example>"
    thematic = ThematicFactory(code="soins-palliatifs", label="Soins palliatifs")
    followed_patient.network.thematics.add(thematic)
    DigestPreference.objects.create(user=coordinator, email_digest=True)
    services.notify(
        user=coordinator,
        network=followed_patient.network,
        kind="admission",
        patient=followed_patient,
    )
    assert digest.job() == 1
    mail = mailoutbox[0]
    assert mail.from_email == "Maillage <contact@dac.example>"
    text = mail.subject + mail.body
    for word in (
        followed_patient.birth_name,
        followed_patient.first_names,
        followed_patient.network.name,
        "palliatif",
        "admission",
        "hospitalisation",
    ):
        assert word.lower() not in text.lower()
    assert "/coordination/notifications/" in mail.body
    assert digest.job() == 0  # already told
