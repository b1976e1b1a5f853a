"""Writes of the coordination app: timeline entries with attachments, notifications, messages,
vigilance notes, task assignment and completion, appointments. Atomic and audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Membership
from maillage.audit import record
from maillage.coordination.models import (
    Appointment,
    Message,
    Notification,
    NotificationKind,
    ThreadRead,
    VigilanceNote,
)
from maillage.files.services import store_upload
from maillage.patients.models import Task
from maillage.patients.services import journal_entry_add, task_complete, task_create

ENTRY_ATTACHMENT = "coordination.entry_attachment"
MESSAGE_ATTACHMENT = "coordination.message_attachment"


def notify(
    *, user, network, kind: str, patient=None, link: str = "", source_uuid=None
) -> Notification | None:
    """Puts one item in `user`'s inbox (nobody: nothing). With `source_uuid` (what raised it),
    at most once per user, kind and source: a second call returns None."""
    if user is None:
        return None
    if source_uuid is not None:
        notification, created = Notification.objects.get_or_create(
            user=user,
            kind=kind,
            source_uuid=source_uuid,
            defaults={"network": network, "patient": patient, "link": link},
        )
        return notification if created else None
    return Notification.objects.create(
        user=user, network=network, kind=kind, patient=patient, link=link
    )


def request_assigned(*, actor, req, previous_assignee_id) -> Notification | None:
    """Called by the intake service when a support request changes hands: tells the new
    assignee, unless they took it themselves. The notification names nobody."""
    assignee_id = req.assigned_to_id
    if assignee_id is None or assignee_id == previous_assignee_id:
        return None
    if actor is not None and actor.pk == assignee_id:
        return None
    return notify(
        user=req.assigned_to,
        network=req.network,
        kind=NotificationKind.REQUEST_ASSIGNED,
        link=reverse("intake:detail", args=[req.public_id]),
    )


def consent_journal_entry(*, consent, withdrawn: bool, request=None):
    """The automatic timeline entry of a consent or an objection recorded or withdrawn (what,
    never whom an objection names). Objections stay within the network's staff."""
    from maillage.patients.models import ConsentKind, JournalKind

    label = consent.get_kind_display()
    return journal_entry_add(
        actor=None,
        patient=consent.patient,
        kind=JournalKind.EVENT,
        title="Consentement et oppositions",
        body=f"« {label} » : déclaration {'retirée' if withdrawn else 'enregistrée'}.",
        confidentiality="care_team" if consent.kind == ConsentKind.SHARING else "network_staff",
        source="patients.consent",
        source_uuid=consent.public_id,
        request=request,
    )


def consent_recorded(*, actor, consent, request=None) -> None:
    """Called by the patients service when a consent or an objection is recorded: the timeline
    entry; a consent to share also completes the open "collect the consent" tasks."""
    from maillage.coordination.reminders import CONSENT_ORIGIN
    from maillage.patients.models import ConsentKind

    consent_journal_entry(consent=consent, withdrawn=False, request=request)
    if consent.kind != ConsentKind.SHARING or actor is None:
        return
    for task in Task.objects.filter(
        patient=consent.patient, origin=CONSENT_ORIGIN, done_at__isnull=True
    ):
        task_complete(actor=actor, task=task, expected_version=task.version, request=request)


def consent_withdrawn(*, actor, consent, request=None) -> Notification | None:
    """Called by the patients service when a consent is withdrawn: the timeline entry; for the
    consent to share, tells the patient's lead coordinator (unless they withdrew it) and asks
    them to collect it again (a task, once per withdrawal)."""
    from maillage.coordination.reminders import consent_to_collect_for
    from maillage.patients.models import ConsentKind

    consent_journal_entry(consent=consent, withdrawn=True, request=request)
    if consent.kind != ConsentKind.SHARING:  # an objection withdrawn widens sharing: no alert
        return None
    patient = consent.patient
    enrolment = (
        patient.enrolments.filter(closed_on__isnull=True).select_related("lead_coordinator").first()
    )
    lead = enrolment.lead_coordinator if enrolment else None
    if lead is None:
        return None
    consent_to_collect_for(enrolment)
    if actor is not None and actor.pk == lead.pk:
        return None
    return notify(
        user=lead,
        network=patient.network,
        kind=NotificationKind.CONSENT_WITHDRAWN,
        patient=patient,
        link=reverse("patients:consents", args=[patient.public_id]),
        source_uuid=consent.public_id,
    )


def patient_link(patient) -> str:
    return reverse("coordination:timeline", args=[patient.public_id])


@transaction.atomic
def timeline_entry_add(*, actor, patient, attachment=None, request=None, **fields):
    """A manual entry of the journal core, with an optional attachment stored by the uploads
    service (owned by the entry). A refused file keeps nothing: the whole entry rolls back."""
    entry = journal_entry_add(actor=actor, patient=patient, request=request, **fields)
    if attachment is not None:
        store_upload(
            actor=actor,
            network=patient.network,
            uploaded_file=attachment,
            use=ENTRY_ATTACHMENT,
            owner=entry,
        )
    return entry


@transaction.atomic
def vigilance_note_add(*, actor, patient, text: str, request=None) -> VigilanceNote:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Écrivez le point de vigilance."})
    note = VigilanceNote.objects.create(
        patient=patient, network=patient.network, author=actor, text=text
    )
    record(
        "coordination.vigilance.added",
        actor=actor,
        request=request,
        network=patient.network,
        target=note,
        patient=patient,
    )
    return note


@transaction.atomic
def vigilance_note_end(*, actor, note: VigilanceNote, request=None) -> VigilanceNote:
    note.ended_at = timezone.now()
    note.save(update_fields=["ended_at", "updated_at"])
    record(
        "coordination.vigilance.ended",
        actor=actor,
        request=request,
        network=note.network,
        target=note,
        patient=note.patient,
    )
    return note


@transaction.atomic
def message_post(
    *, actor, patient, body: str, recipients, attachment=None, request=None
) -> Message:
    """Adds a message to the patient's thread and notifies the other participants."""
    if not body.strip():
        raise ValidationError({"body": "Écrivez votre message."})
    if len(body) > 5000:
        raise ValidationError({"body": "Le message dépasse 5 000 caractères : raccourcissez-le."})
    message = Message.objects.create(
        patient=patient, network=patient.network, author=actor, body=body
    )
    if attachment is not None:
        store_upload(
            actor=actor,
            network=patient.network,
            uploaded_file=attachment,
            use=MESSAGE_ATTACHMENT,
            owner=message,
        )
    link = reverse("coordination:thread", args=[patient.public_id])
    for user in recipients:
        if user.pk != actor.pk:
            notify(
                user=user,
                network=patient.network,
                kind=NotificationKind.MESSAGE,
                patient=patient,
                link=link,
            )
    thread_mark_read(user=actor, patient=patient)
    record(
        "coordination.message.posted",
        actor=actor,
        request=request,
        network=patient.network,
        target=message,
        patient=patient,
        details={"attachment": attachment is not None},
    )
    return message


def thread_mark_read(*, user, patient) -> None:
    ThreadRead.objects.update_or_create(
        user=user, patient=patient, defaults={"last_read_at": timezone.now()}
    )


def notifications_mark_read(*, user, ids=None) -> int:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(public_id__in=ids)
    return rows.update(read_at=timezone.now())


@transaction.atomic
def task_assign(
    *,
    actor,
    network,
    assignee,
    title: str,
    due_on: datetime.date | None = None,
    patient=None,
    priority: str = "normal",
    description: str = "",
    origin: str = "manual",
    source_uuid=None,
    request=None,
) -> Task:
    """A task through the core (which refuses anyone outside the network) and its notification."""
    task = task_create(
        actor=actor,
        network=network,
        assignee=assignee,
        title=title,
        due_on=due_on,
        patient=patient,
        priority=priority,
        description=description,
        origin=origin,
        source_uuid=source_uuid,
        request=request,
    )
    if actor is None or assignee.pk != actor.pk:
        notify(
            user=assignee,
            network=network,
            kind=NotificationKind.TASK_ASSIGNED,
            patient=patient,
            link=reverse("coordination:my_tasks"),
        )
    return task


def task_done(*, actor, task: Task, expected_version: int, request=None) -> Task:
    return task_complete(actor=actor, task=task, expected_version=expected_version, request=request)


@transaction.atomic
def appointment_create(
    *,
    actor,
    network,
    kind: str,
    starts_at,
    ends_at,
    patient=None,
    place: str = "",
    note: str = "",
    request=None,
) -> Appointment:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "La fin doit être après le début du rendez-vous."})
    if patient is not None and patient.network_id != network.pk:
        raise ValidationError({"patient": "Ce patient n'appartient pas à ce réseau."})
    if not Membership.objects.filter(user=actor, network=network, is_active=True).exists():
        raise ValidationError("Seule l'équipe du réseau tient cet agenda.")
    appointment = Appointment.objects.create(
        network=network,
        owner=actor,
        patient=patient,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        note=note,
    )
    record(
        "coordination.appointment.created",
        actor=actor,
        request=request,
        network=network,
        target=appointment,
        patient=patient,
    )
    return appointment


@transaction.atomic
def task_reassign(*, actor, task: Task, assignee, request=None) -> Task:
    """Hands an open task to someone else of the same network (and tells them)."""
    if task.done_at is not None:
        raise ValidationError("Cette tâche est déjà faite.")
    if not Membership.objects.filter(user=assignee, network=task.network, is_active=True).exists():
        raise ValidationError(
            {"assignee": "Choisissez une personne de l'équipe du réseau pour cette tâche."}
        )
    task.assignee = assignee
    task.version += 1
    task.save(update_fields=["assignee", "version", "updated_at"])
    notify(
        user=assignee,
        network=task.network,
        kind=NotificationKind.TASK_ASSIGNED,
        patient=task.patient,
        link=reverse("coordination:my_tasks"),
    )
    record(
        "coordination.task.reassigned",
        actor=actor,
        request=request,
        network=task.network,
        target=task,
        patient=task.patient,
        details={"assignee": str(assignee.public_id)},
    )
    return task
