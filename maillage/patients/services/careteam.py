"""The care team: adding, changing and ending members. At most one current médecin traitant."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.access.matrix import readable_categories
from maillage.audit import record
from maillage.patients.locking import apply_changes, lock_for_edit
from maillage.patients.models import CareTeamMember, Patient
from maillage.patients.models.careteam import GP_ROLE


def default_categories(role: str) -> list[str]:
    """What the role may read according to the matrix (docs/permissions.md)."""
    return sorted(str(c) for c in readable_categories(role))


def _check_categories(role: str, categories: list[str] | None) -> list[str]:
    if categories is None:
        return default_categories(role)
    allowed = set(default_categories(role))
    extra = set(categories) - allowed
    if extra:
        raise ValidationError(
            {
                "categories": "Ce rôle ne peut pas voir ces catégories de données : "
                + ", ".join(sorted(extra))
                + ". Décochez-les."
            }
        )
    return sorted(set(categories))


def _check_single_gp(patient: Patient, role: str, exclude: CareTeamMember | None = None):
    if role != GP_ROLE:
        return
    current = CareTeamMember.objects.filter(patient=patient, role=GP_ROLE, ended_on__isnull=True)
    if exclude is not None:
        current = current.exclude(pk=exclude.pk)
    if (gp := current.first()) is not None:
        raise ValidationError(
            {
                "role": f"Ce patient a déjà un médecin traitant en cours ({gp.member_name}) : "
                "mettez fin à sa participation avant d'en déclarer un autre."
            }
        )


def _save_guarded(save) -> None:
    """The database constraint has the last word (two people adding a GP at the same time)."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError as exc:
        raise ValidationError(
            {"role": "Ce patient a déjà un médecin traitant en cours : actualisez la page."}
        ) from exc


@transaction.atomic
def care_team_member_add(
    *,
    actor,
    patient: Patient,
    role: str,
    started_on: datetime.date,
    professional=None,
    organisation=None,
    external_user=None,
    is_referent: bool = False,
    categories: list[str] | None = None,
    note: str = "",
    request=None,
) -> CareTeamMember:
    """Adds a directory professional, a directory organisation or an external login (exactly one)
    to the patient's care team. Categories default to what the role may read in the matrix."""
    links = [x for x in (professional, organisation, external_user) if x is not None]
    if len(links) != 1:
        raise ValidationError(
            {"member": "Choisissez un professionnel ou une structure de l'annuaire (un seul)."}
        )
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "La date de début ne peut pas être dans le futur."})
    _check_single_gp(patient, role)
    member = CareTeamMember(
        patient=patient,
        role=role,
        professional=professional,
        organisation=organisation,
        external_user=external_user,
        started_on=started_on,
        is_referent=is_referent,
        categories=_check_categories(role, categories),
        note=note,
        added_by=actor,
    )
    _save_guarded(member.save)
    record(
        "patients.care_team.member_added",
        actor=actor,
        request=request,
        network=patient.network,
        target=member,
        patient=patient,
        details={"role": role, "categories": member.categories},
    )
    return member


@transaction.atomic
def care_team_member_update(
    *, actor, member: CareTeamMember, data: dict[str, Any], expected_version: int, request=None
) -> CareTeamMember:
    current = lock_for_edit(CareTeamMember, member.pk, expected_version)
    if current.ended_on is not None:
        raise ValidationError(
            "Ce membre ne fait plus partie de l'équipe : il n'est plus modifiable."
        )
    data = dict(data)
    role = data.get("role", current.role)
    if role != current.role:
        _check_single_gp(current.patient, role, exclude=current)
    if "categories" in data or role != current.role:
        data["categories"] = _check_categories(role, data.get("categories"))
    changes = {}

    def save():
        changes.update(apply_changes(current, data))

    _save_guarded(save)
    if changes:
        record(
            "patients.care_team.member_updated",
            actor=actor,
            request=request,
            network=current.patient.network,
            target=current,
            patient=current.patient,
            details={"fields": sorted(changes), "categories": current.categories},
        )
    return current


@transaction.atomic
def care_team_member_end(
    *,
    actor,
    member: CareTeamMember,
    ended_on: datetime.date,
    end_reason: str,
    expected_version: int,
    request=None,
) -> CareTeamMember:
    """Ends a membership: the professional loses access to the record at their next request."""
    current = lock_for_edit(CareTeamMember, member.pk, expected_version)
    if current.ended_on is not None:
        raise ValidationError("Ce membre ne fait déjà plus partie de l'équipe.")
    if ended_on < current.started_on:
        raise ValidationError(
            {
                "ended_on": "La date de fin ne peut pas précéder la date de début "
                f"({current.started_on:%d/%m/%Y})."
            }
        )
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "La date de fin ne peut pas être dans le futur."})
    if not end_reason:
        raise ValidationError({"end_reason": "Indiquez le motif de fin."})
    apply_changes(current, {"ended_on": ended_on, "end_reason": end_reason})
    record(
        "patients.care_team.member_ended",
        actor=actor,
        request=request,
        network=current.patient.network,
        target=current,
        patient=current.patient,
        details={"end_reason": end_reason},
    )
    return current
