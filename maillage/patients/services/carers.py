"""Carers, person of trust and emergency contacts."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.audit import record
from maillage.patients.locking import apply_changes, lock_for_edit
from maillage.patients.models import Carer, Patient


def _check_unique_roles(patient: Patient, data: dict[str, Any], exclude: Carer | None = None):
    others = Carer.objects.filter(patient=patient, ended_on__isnull=True)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if data.get("is_trusted_person") and others.filter(is_trusted_person=True).exists():
        raise ValidationError(
            {
                "is_trusted_person": "Une personne de confiance est déjà désignée : retirez-lui "
                "ce rôle d'abord (une seule personne de confiance à la fois)."
            }
        )
    if data.get("is_main_carer") and others.filter(is_main_carer=True).exists():
        raise ValidationError(
            {"is_main_carer": "Un aidant principal est déjà désigné : retirez-lui ce rôle d'abord."}
        )


@transaction.atomic
def carer_add(*, actor, patient: Patient, data: dict[str, Any], request=None) -> Carer:
    _check_unique_roles(patient, data)
    carer = Carer.objects.create(patient=patient, created_by=actor, **data)
    record(
        "patients.carer.added",
        actor=actor,
        request=request,
        network=patient.network,
        target=carer,
        patient=patient,
        details={"roles": carer.roles_display},
    )
    return carer


@transaction.atomic
def carer_update(
    *, actor, carer: Carer, data: dict[str, Any], expected_version: int, request=None
) -> Carer:
    current = lock_for_edit(Carer, carer.pk, expected_version)
    _check_unique_roles(current.patient, data, exclude=current)
    changes = apply_changes(current, data)
    if changes:
        record(
            "patients.carer.updated",
            actor=actor,
            request=request,
            network=current.patient.network,
            target=current,
            patient=current.patient,
            details={"fields": sorted(changes)},
        )
    return current


@transaction.atomic
def carer_end(
    *, actor, carer: Carer, ended_on: datetime.date, expected_version: int, request=None
) -> Carer:
    current = lock_for_edit(Carer, carer.pk, expected_version)
    if current.ended_on is not None:
        raise ValidationError("Cette personne ne figure déjà plus dans l'entourage.")
    apply_changes(current, {"ended_on": ended_on})
    record(
        "patients.carer.ended",
        actor=actor,
        request=request,
        network=current.patient.network,
        target=current,
        patient=current.patient,
    )
    return current
