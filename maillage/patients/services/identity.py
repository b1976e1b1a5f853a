"""Creating a record and rectifying its identity (RNIV rules, audited field by field)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.audit import record
from maillage.patients import nir
from maillage.patients.locking import apply_changes, lock_for_edit
from maillage.patients.models import IdentityStatus, Patient
from maillage.patients.models.identity import (
    INSI_IDENTITY_STATUSES,
    MANUAL_IDENTITY_STATUSES,
    STRICT_TRAITS,
)

# Values never written in clear into the audit trail.
_SECRET_FIELDS = {"declared_nir", "ins_matricule"}


def _audit_value(name: str, value: Any) -> Any:
    if name in _SECRET_FIELDS:
        return "••• (modifié)" if value else ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "public_id"):
        return str(value.public_id)
    return value


def _check_identity(data: dict[str, Any], *, current: Patient | None = None) -> dict[str, Any]:
    """Rules the forms already enforce, enforced again where the data is written."""
    status = data.get("identity_status", current.identity_status if current else None)
    if status not in MANUAL_IDENTITY_STATUSES and (
        current is None or status != current.identity_status
    ):
        raise ValidationError(
            {
                "identity_status": "Les statuts « récupérée » et « qualifiée » ne viennent que du "
                "téléservice INSi : choisissez « provisoire » ou « validée »."
            }
        )
    if status == IdentityStatus.VALIDATED and not data.get(
        "identity_document", current.identity_document if current else ""
    ):
        raise ValidationError(
            {"identity_document": "Indiquez la pièce d'identité vue pour valider l'identité."}
        )
    if (birth_date := data.get("birth_date")) and birth_date > timezone.localdate():
        raise ValidationError(
            {"birth_date": "La date de naissance ne peut pas être dans le futur."}
        )
    if "declared_nir" in data:
        try:
            data["declared_nir"] = nir.validate_declared_nir(
                data["declared_nir"],
                sex=data.get("sex", current.sex if current else None),
                birth_date=data.get("birth_date", current.birth_date if current else None),
            )
        except ValidationError as exc:
            raise ValidationError({"declared_nir": exc.messages}) from exc
        data["declared_nir_digest"] = nir.digest(data["declared_nir"])
    return data


@transaction.atomic
def patient_create(*, actor, network, data: dict[str, Any], request=None) -> Patient:
    """A new record in `network`. The caller has shown the possible duplicates first."""
    data = _check_identity(dict(data))
    patient = Patient(network=network, created_by=actor, **data)
    if patient.identity_status == IdentityStatus.VALIDATED:
        patient.identity_validated_at = timezone.now()
        patient.identity_validated_by = actor
    patient.save()
    record(
        "patients.patient.created",
        actor=actor,
        request=request,
        network=network,
        target=patient,
        patient=patient,
        details={"identity_status": patient.identity_status},
    )
    return patient


@transaction.atomic
def patient_update(
    *, actor, patient: Patient, data: dict[str, Any], expected_version: int, request=None
) -> Patient:
    """Rectifies identity or contact fields. Refuses a stale form (StaleEdit). Traits that came
    from INSi stay untouched; changing a trait of a validated identity needs the document again
    (the form asks for it). Every change is audited with its old and new value."""
    current = lock_for_edit(Patient, patient.pk, expected_version)
    data = dict(data)
    if current.identity_status in INSI_IDENTITY_STATUSES:
        for trait in (*STRICT_TRAITS, "identity_status", "identity_document", "declared_nir"):
            data.pop(trait, None)
    if data.get("declared_nir", "") == current.declared_nir:
        data.pop("declared_nir", None)
    data = _check_identity(data, current=current)
    was_validated = current.identity_status == IdentityStatus.VALIDATED
    changes = apply_changes(current, data)
    if not changes:
        return current
    now_validated = current.identity_status == IdentityStatus.VALIDATED
    extra = []
    if now_validated and (not was_validated or any(t in changes for t in STRICT_TRAITS)):
        current.identity_validated_at = timezone.now()
        current.identity_validated_by = actor
        extra = ["identity_validated_at", "identity_validated_by"]
    elif not now_validated and was_validated:
        current.identity_validated_at = None
        current.identity_validated_by = None
        current.identity_document = ""
        extra = ["identity_validated_at", "identity_validated_by", "identity_document"]
    if extra:
        current.save(update_fields=extra)
    details = {
        "fields": {
            name: [_audit_value(name, old), _audit_value(name, new)]
            for name, (old, new) in changes.items()
            if name != "declared_nir_digest"
        }
    }
    record(
        "patients.patient.rectified",
        actor=actor,
        request=request,
        network=current.network,
        target=current,
        patient=current,
        details=details,
    )
    if now_validated and not was_validated:
        record(
            "patients.identity.validated",
            actor=actor,
            request=request,
            network=current.network,
            target=current,
            patient=current,
            details={"document": current.identity_document},
        )
    return current
