"""Enrolment: opening, changing, closing, re-enrolling (history kept)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.accounts.models import Membership, Role
from maillage.audit import record
from maillage.patients.locking import apply_changes, lock_for_edit
from maillage.patients.models import ClosureReason, Enrolment, JournalKind, Patient
from maillage.patients.models.enrolment import MANUAL_CLOSURE_REASONS
from maillage.patients.services.journal import journal_entry_add

LEAD_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD)


def _check_lead(network, user) -> None:
    if not Membership.objects.filter(
        user=user, network=network, is_active=True, role__in=LEAD_ROLES
    ).exists():
        raise ValidationError(
            {
                "lead_coordinator": "Choisissez un·e coordinateur·rice ou le médecin "
                "coordonnateur de ce réseau."
            }
        )


def _check_thematics(network, thematics) -> None:
    allowed = set(network.thematics.values_list("pk", flat=True))
    if allowed and any(t.pk not in allowed for t in thematics):
        raise ValidationError({"thematics": "Choisissez parmi les thématiques du réseau."})


@transaction.atomic
def enrolment_open(
    *,
    actor,
    patient: Patient,
    lead_coordinator,
    started_on: datetime.date,
    thematics=(),
    request=None,
) -> Enrolment:
    """Enrols the patient. A patient already followed cannot be enrolled twice; a re-enrolment
    starts after the previous closure."""
    network = patient.network
    _check_lead(network, lead_coordinator)
    _check_thematics(network, thematics)
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "La date d'inclusion ne peut pas être dans le futur."})
    enrolments = Enrolment.objects.select_for_update().filter(patient=patient)
    if enrolments.filter(closed_on__isnull=True).exists():
        raise ValidationError(
            "Ce patient est déjà inclus : une seule inclusion en cours à la fois."
        )
    last = enrolments.order_by("-closed_on").first()
    if last is not None and started_on < last.closed_on:
        raise ValidationError(
            {
                "started_on": "La nouvelle inclusion ne peut pas commencer avant la clôture de "
                f"la précédente ({last.closed_on:%d/%m/%Y})."
            }
        )
    enrolment = Enrolment(
        patient=patient,
        network=network,
        lead_coordinator=lead_coordinator,
        started_on=started_on,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:
        raise ValidationError("Ce patient vient d'être inclus par quelqu'un d'autre.") from exc
    enrolment.thematics.set(thematics)
    record(
        "patients.enrolment.opened",
        actor=actor,
        request=request,
        network=network,
        target=enrolment,
        patient=patient,
        details={
            "lead": str(lead_coordinator.public_id),
            "thematics": [t.code for t in thematics],
            "reenrolment": last is not None,
        },
    )
    journal_entry_add(
        actor=actor,
        patient=patient,
        kind=JournalKind.EVENT,
        title="Inclusion",
        body=f"Inclusion par le réseau, coordination confiée à {lead_coordinator.full_name}.",
        source="patients.enrolment",
        source_uuid=enrolment.public_id,
        request=request,
    )
    return enrolment


@transaction.atomic
def enrolment_update(
    *, actor, enrolment: Enrolment, data: dict[str, Any], expected_version: int, request=None
) -> Enrolment:
    """Changes the lead coordinator, thematics or start date of an open enrolment."""
    current = lock_for_edit(Enrolment, enrolment.pk, expected_version)
    if current.closed_on is not None:
        raise ValidationError("Cette inclusion est clôturée : elle n'est plus modifiable.")
    data = dict(data)
    thematics = data.pop("thematics", None)
    if "lead_coordinator" in data:
        _check_lead(current.network, data["lead_coordinator"])
    if data.get("started_on") and data["started_on"] > timezone.localdate():
        raise ValidationError({"started_on": "La date d'inclusion ne peut pas être dans le futur."})
    old_thematics = set(current.thematics.values_list("pk", flat=True))
    changes = apply_changes(current, data)
    if thematics is not None:
        _check_thematics(current.network, thematics)
        if {t.pk for t in thematics} != old_thematics:
            current.thematics.set(thematics)
            changes["thematics"] = (None, None)
    if changes:
        record(
            "patients.enrolment.updated",
            actor=actor,
            request=request,
            network=current.network,
            target=current,
            patient=current.patient,
            details={"fields": sorted(changes)},
        )
    return current


@transaction.atomic
def enrolment_close(
    *,
    actor,
    enrolment: Enrolment,
    closed_on: datetime.date,
    closed_reason: str,
    closure_note: str = "",
    expected_version: int,
    request=None,
    allow_merge_reason: bool = False,
) -> Enrolment:
    """Closes the follow-up: external professionals lose access at their next request."""
    current = lock_for_edit(Enrolment, enrolment.pk, expected_version)
    if current.closed_on is not None:
        raise ValidationError("Cette inclusion est déjà clôturée.")
    allowed = list(ClosureReason) if allow_merge_reason else MANUAL_CLOSURE_REASONS
    if closed_reason not in allowed:
        raise ValidationError({"closed_reason": "Choisissez le motif de clôture."})
    if closed_on < current.started_on:
        raise ValidationError(
            {
                "closed_on": "La date de clôture ne peut pas précéder la date d'inclusion "
                f"({current.started_on:%d/%m/%Y})."
            }
        )
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": "La date de clôture ne peut pas être dans le futur."})
    current.closed_on = closed_on
    current.closed_reason = closed_reason
    current.closure_note = closure_note
    current.closed_by = actor
    current.version += 1
    current.save(
        update_fields=[
            "closed_on",
            "closed_reason",
            "closure_note",
            "closed_by",
            "version",
            "updated_at",
        ]
    )
    record(
        "patients.enrolment.closed",
        actor=actor,
        request=request,
        network=current.network,
        target=current,
        patient=current.patient,
        details={"reason": closed_reason},
    )
    journal_entry_add(
        actor=actor,
        patient=current.patient,
        kind=JournalKind.EVENT,
        title="Clôture",
        body=f"Fin de l'accompagnement : {current.get_closed_reason_display()}.",
        source="patients.enrolment",
        source_uuid=current.public_id,
        request=request,
    )
    return current
