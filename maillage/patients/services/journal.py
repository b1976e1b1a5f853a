"""The journal and task core. Every app writes its automatic entries and tasks through
`journal_entry_add` and `task_create` (keyword-only arguments)."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import Membership
from maillage.audit import record
from maillage.patients.locking import lock_for_edit
from maillage.patients.models import (
    Confidentiality,
    JournalEntry,
    JournalKind,
    Patient,
    RuptureTag,
    Task,
    TaskPriority,
)

# A manual entry may be typed a little ahead of the clock, not in the future.
_CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


@transaction.atomic
def journal_entry_add(
    *,
    actor,
    patient: Patient,
    kind: str,
    body: str,
    occurred_at: datetime.datetime | None = None,
    title: str = "",
    confidentiality: str = Confidentiality.CARE_TEAM,
    duration_minutes: int | None = None,
    participants: str = "",
    rupture_tag: str = RuptureTag.NONE,
    corrects: JournalEntry | None = None,
    source: str = "",
    source_uuid: uuid.UUID | None = None,
    request=None,
) -> JournalEntry:
    """Appends one entry to the patient's journal. `actor` may be None for an automatic entry
    (kind "event"); `source` names the app and object that wrote it ("hospital.stay")."""
    occurred_at = occurred_at or timezone.now()
    if kind != JournalKind.EVENT and actor is None:
        raise ValidationError("Une entrée saisie à la main a un auteur.")
    if kind != JournalKind.EVENT and occurred_at > timezone.now() + _CLOCK_TOLERANCE:
        raise ValidationError(
            {"occurred_at": "La date de l'entrée ne peut pas être dans le futur."}
        )
    if not body.strip():
        raise ValidationError({"body": "Écrivez le contenu de l'entrée."})
    if corrects is not None and corrects.patient_id != patient.pk:
        raise ValidationError("L'entrée corrigée appartient à un autre dossier.")
    entry = JournalEntry.objects.create(
        patient=patient,
        network=patient.network,
        kind=kind,
        occurred_at=occurred_at,
        author=actor,
        participants=participants,
        duration_minutes=duration_minutes,
        confidentiality=confidentiality,
        rupture_tag=rupture_tag,
        title=title,
        body=body,
        corrects=corrects,
        source=source,
        source_uuid=source_uuid,
    )
    record(
        "patients.journal.entry_added",
        actor=actor,
        request=request,
        network=patient.network,
        target=entry,
        patient=patient,
        details={
            "kind": kind,
            "confidentiality": confidentiality,
            "rupture_tag": rupture_tag,
            "source": source,
            "corrects": str(corrects.public_id) if corrects else None,
        },
    )
    return entry


@transaction.atomic
def task_create(
    *,
    actor,
    network,
    assignee,
    title: str,
    due_on: datetime.date | None = None,
    priority: str = TaskPriority.NORMAL,
    patient: Patient | None = None,
    description: str = "",
    origin: str = "",
    source_uuid: uuid.UUID | None = None,
    request=None,
) -> Task:
    """A task for a staff member of `network` (about a patient of that network, or none)."""
    if patient is not None and patient.network_id != network.pk:
        raise ValidationError("Ce patient n'appartient pas à ce réseau.")
    if not Membership.objects.filter(user=assignee, network=network, is_active=True).exists():
        raise ValidationError(
            {"assignee": "Choisissez une personne de l'équipe du réseau pour cette tâche."}
        )
    if not title.strip():
        raise ValidationError({"title": "Décrivez la tâche en quelques mots."})
    task = Task.objects.create(
        network=network,
        patient=patient,
        assignee=assignee,
        title=title,
        description=description,
        due_on=due_on,
        priority=priority,
        created_by=actor,
        origin=origin,
        source_uuid=source_uuid,
    )
    record(
        "patients.task.created",
        actor=actor,
        request=request,
        network=network,
        target=task,
        patient=patient,
        details={"origin": origin, "priority": priority, "assignee": str(assignee.public_id)},
    )
    return task


@transaction.atomic
def task_complete(*, actor, task: Task, expected_version: int, request=None) -> Task:
    current = lock_for_edit(Task, task.pk, expected_version)
    if current.done_at is not None:
        raise ValidationError("Cette tâche est déjà faite.")
    current.done_at = timezone.now()
    current.done_by = actor
    current.version += 1
    current.save(update_fields=["done_at", "done_by", "version", "updated_at"])
    record(
        "patients.task.completed",
        actor=actor,
        request=request,
        network=current.network,
        target=current,
        patient=current.patient,
    )
    return current
