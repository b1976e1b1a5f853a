"""Merging two records of the same person, and undoing a merge."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from maillage.accounts.models import Membership
from maillage.audit import record
from maillage.patients.merging import IGNORE, MOVE, handler_for, move_rows, patient_relations
from maillage.patients.models import Patient, PatientMerge


def _declare_merge() -> None:
    """Lets the journal's trigger accept moving entries (PostgreSQL; see migration 0002)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maillage.patient_merge = 'on'")


def can_merge(user, network) -> bool:
    return Membership.objects.filter(
        user=user, network=network, is_active=True, can_merge_identities=True
    ).exists()


@transaction.atomic
def patient_merge(
    *, actor, kept: Patient, absorbed: Patient, reason: str = "", request=None
) -> PatientMerge:
    """Moves everything from `absorbed` to `kept`; `absorbed` stays, marked as merged, so the
    merge can be undone. Refused across networks, on merged records, without the permission."""
    if kept.pk == absorbed.pk:
        raise ValidationError("Choisissez deux dossiers différents.")
    if kept.network_id != absorbed.network_id:
        raise ValidationError("Les deux dossiers n'appartiennent pas au même réseau.")
    if not can_merge(actor, kept.network):
        raise PermissionDenied
    locked = {
        p.pk: p for p in Patient.objects.select_for_update().filter(pk__in=[kept.pk, absorbed.pk])
    }
    kept, absorbed = locked[kept.pk], locked[absorbed.pk]
    if kept.merged_into_id or absorbed.merged_into_id:
        raise ValidationError("L'un des deux dossiers a déjà été fusionné.")
    _declare_merge()
    now = timezone.now()
    ctx = {"actor": actor, "now": now, "today": timezone.localdate(), "request": request}
    undo = {}
    try:
        with transaction.atomic():
            for label, field_name in patient_relations():
                handler = handler_for(label, field_name)
                if handler is None:
                    raise RuntimeError(f"Relation sans règle de fusion : {label}.{field_name}")
                if handler == IGNORE:
                    continue
                key = f"{label}.{field_name}"
                if handler == MOVE:
                    undo[key] = move_rows(label, field_name, absorbed, kept)
                else:
                    undo[key] = handler.merge(kept, absorbed, ctx)
    except IntegrityError as exc:
        raise ValidationError(
            "La fusion heurte une règle d'unicité des données : résolvez-la avant de fusionner."
        ) from exc
    absorbed.merged_into = kept
    absorbed.merged_at = now
    absorbed.version += 1
    absorbed.save(update_fields=["merged_into", "merged_at", "version", "updated_at"])
    kept.version += 1
    kept.save(update_fields=["version", "updated_at"])
    merge = PatientMerge.objects.create(
        network=kept.network,
        kept=kept,
        absorbed=absorbed,
        merged_by=actor,
        reason=reason,
        undo_data=undo,
    )
    record(
        "patients.patient.merged",
        actor=actor,
        request=request,
        network=kept.network,
        target=merge,
        patient=kept,
        details={
            "kept": str(kept.public_id),
            "absorbed": str(absorbed.public_id),
            "moved": {key: len(v) if isinstance(v, list) else v for key, v in undo.items()},
        },
    )
    record(
        "patients.patient.merged_away",
        actor=actor,
        request=request,
        network=kept.network,
        target=merge,
        patient=absorbed,
        details={"kept": str(kept.public_id)},
    )
    return merge


@transaction.atomic
def patient_merge_undo(*, actor, merge: PatientMerge, request=None) -> PatientMerge:
    """Puts back what the merge moved, in reverse order, and re-opens the absorbed record."""
    merge = PatientMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError("Cette fusion a déjà été annulée.")
    if not can_merge(actor, merge.network):
        raise PermissionDenied
    kept = Patient.objects.select_for_update().get(pk=merge.kept_id)
    absorbed = Patient.objects.select_for_update().get(pk=merge.absorbed_id)
    if kept.merged_into_id:
        raise ValidationError(
            "Le dossier conservé a depuis été fusionné dans un autre : annulez d'abord cette "
            "fusion plus récente."
        )
    _declare_merge()
    ctx = {"actor": actor, "now": timezone.now(), "today": timezone.localdate(), "request": request}
    try:
        with transaction.atomic():
            for key in reversed(list(merge.undo_data)):
                label, field_name = key.rsplit(".", 1)
                payload = merge.undo_data[key]
                handler = handler_for(label, field_name)
                if handler == MOVE or handler is None:
                    move_rows(label, field_name, kept, absorbed, pks=payload)
                elif handler != IGNORE:
                    handler.undo(kept, absorbed, payload, ctx)
    except IntegrityError as exc:
        raise ValidationError(
            "L'annulation heurte une règle d'unicité (un médecin traitant ou une inclusion en "
            "cours ajouté depuis) : corrigez-la avant d'annuler la fusion."
        ) from exc
    absorbed.merged_into = None
    absorbed.merged_at = None
    absorbed.version += 1
    absorbed.save(update_fields=["merged_into", "merged_at", "version", "updated_at"])
    merge.undone_at = ctx["now"]
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
    for patient in (kept, absorbed):
        record(
            "patients.merge.undone",
            actor=actor,
            request=request,
            network=merge.network,
            target=merge,
            patient=patient,
            details={"kept": str(kept.public_id), "absorbed": str(absorbed.public_id)},
        )
    return merge
