"""Recording and withdrawing consent and objections. Effective at once: access is computed
from the current rows at every request."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.audit import record
from maillage.patients.models import (
    CareTeamMember,
    Consent,
    ConsentKind,
    ConsentMethod,
    ConsentScope,
    Patient,
)
from maillage.patients.wordings import current_wording


@transaction.atomic
def consent_record(
    *,
    actor,
    patient: Patient,
    kind: str,
    method: str,
    given_on: datetime.date,
    scope: str = ConsentScope.ALL,
    members: list[CareTeamMember] | tuple = (),
    given_by_name: str = "",
    note: str = "",
    request=None,
) -> Consent:
    """Records what the patient said, with the wording shown to them (version and SHA-256)."""
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "La date de recueil ne peut pas être dans le futur."})
    if method == ConsentMethod.REPRESENTATIVE and not given_by_name.strip():
        raise ValidationError(
            {"given_by_name": "Indiquez le nom et la qualité du représentant qui s'est exprimé."}
        )
    if scope == ConsentScope.MEMBERS:
        if kind != ConsentKind.OBJECTION:
            raise ValidationError({"scope": "Seule une opposition peut viser des membres."})
        if not members:
            raise ValidationError(
                {"members": "Choisissez au moins un membre de l'équipe de soins visé."}
            )
        if any(m.patient_id != patient.pk for m in members):
            raise ValidationError({"members": "Ces membres n'appartiennent pas à ce dossier."})
    wording = current_wording(kind)
    consent = Consent.objects.create(
        patient=patient,
        kind=kind,
        scope=scope,
        method=method,
        given_on=given_on,
        given_by_name=given_by_name,
        note=note,
        wording_version=wording.version,
        wording_hash=wording.sha256,
        recorded_by=actor,
    )
    if scope == ConsentScope.MEMBERS:
        consent.members.set(members)
    record(
        f"patients.consent.{'recorded' if kind == ConsentKind.SHARING else 'objection_recorded'}",
        actor=actor,
        request=request,
        network=patient.network,
        target=consent,
        patient=patient,
        details={
            "kind": kind,
            "scope": scope,
            "method": method,
            "members": [str(m.public_id) for m in members],
            "wording_version": wording.version,
            "wording_sha256": wording.sha256,
        },
    )
    from maillage.coordination.services import consent_recorded  # the timeline's entry

    consent_recorded(actor=actor, consent=consent, request=request)
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, note: str = "", request=None) -> Consent:
    """Withdraws a consent or an objection (at once). Withdrawing twice is refused."""
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    if current.withdrawn_at is not None:
        raise ValidationError("Cette déclaration a déjà été retirée.")
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = actor
    current.withdrawal_note = note
    current.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note", "updated_at"])
    record(
        "patients.consent.withdrawn",
        actor=actor,
        request=request,
        network=current.patient.network,
        target=current,
        patient=current.patient,
        details={"kind": current.kind, "scope": current.scope},
    )
    from maillage.coordination.services import consent_withdrawn  # timeline, inbox, task

    consent_withdrawn(actor=actor, consent=current, request=request)
    return current
