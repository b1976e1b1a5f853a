"""Writes of the single entry point: recording, qualifying, forwarding, enrolling (audited)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.audit import record
from maillage.coordination.services import request_assigned
from maillage.intake.models import (
    DECISION_STATUSES,
    Channel,
    RequestTransition,
    Status,
    SupportRequest,
)

ATTACHMENT_USE = "intake.attachment"

# Fields copied to the receiving network when forwarding, and wiped from the sender's stub.
_PERSONAL_FIELDS = (
    "requester_professional",
    "requester_name",
    "requester_organisation",
    "requester_phone",
    "requester_email",
    "person_birth_name",
    "person_first_names",
    "person_birth_date",
    "person_sex",
    "person_commune",
    "person_phone",
    "reasons",
    "description",
    "urgency",
    "gp_professional",
    "gp_name",
    "person_informed",
    "gp_informed",
    "rupture_tag",
    "complexity",
)
_BLANK = {
    "requester_professional": None,
    "person_birth_date": None,
    "person_commune": None,
    "gp_professional": None,
    "reasons": [],
    "complexity": [],
    "person_informed": False,
    "gp_informed": False,
    "urgency": "normal",
}


def _check_callback(data: dict[str, Any]) -> None:
    if not (
        data.get("requester_phone")
        or data.get("requester_email")
        or data.get("requester_professional")
    ):
        raise ValidationError(
            {"requester_phone": "Indiquez un téléphone ou un courriel pour rappeler le demandeur."}
        )


def _log(req: SupportRequest, *, actor, from_status: str, why: str = "", at=None):
    RequestTransition.objects.create(
        request=req,
        from_status=from_status,
        to_status=req.status,
        by=actor,
        at=at or timezone.now(),
        why=why,
    )


def _store_attachments(*, actor, network, req: SupportRequest, files) -> list:
    """Every file through the uploads service, all or nothing: a refused file refuses the
    whole request (the caller's transaction rolls back) and the bytes of the files already
    kept in this call are deleted, so nothing stays behind. The refusal names the file."""
    from maillage.files.services import UploadRefused, store_upload, stored_files_discard

    kept = []
    try:
        for uploaded in files:
            try:
                kept.append(
                    store_upload(
                        actor=actor,
                        network=network,
                        uploaded_file=uploaded,
                        use=ATTACHMENT_USE,
                        owner=req,
                    )
                )
            except UploadRefused as refusal:
                raise ValidationError(
                    {
                        "attachments": f"« Pièces jointes » : « {uploaded.name} » refusé — "
                        f"{' '.join(refusal.messages)} Rien n'a été enregistré : envoyez à "
                        "nouveau la demande sans ce fichier."
                    }
                ) from refusal
    except BaseException:
        stored_files_discard(kept)
        raise
    return kept


@transaction.atomic
def request_create(
    *,
    actor,
    network,
    data: dict[str, Any],
    thematics=(),
    attachments=(),
    attachment=None,
    request=None,
) -> SupportRequest:
    """Records a request (staff, or `actor=None` for the public form). Attachments go
    through the uploads service; a refused file refuses the whole request (nothing kept)."""
    data = dict(data)
    _check_callback(data)
    if data.get("person_birth_date") and data["person_birth_date"] > timezone.localdate():
        raise ValidationError(
            {"person_birth_date": "La date de naissance ne peut pas être dans le futur."}
        )
    data.setdefault("received_at", timezone.now())
    req = SupportRequest(network=network, created_by=actor, **data)
    req.full_clean(exclude=["receipt_number", "thematics", "resources"])
    req.save()
    req.thematics.set(thematics)
    _log(req, actor=actor, from_status="", at=req.received_at)
    record(
        "intake.request.created",
        actor=actor,
        request=request,
        network=network,
        target=req,
        details={"channel": req.channel, "quality": req.requester_quality},
    )
    files = [*attachments, *([attachment] if attachment is not None else [])]
    if files:
        _store_attachments(actor=actor, network=network, req=req, files=files)
    return req


def send_receipt(req: SupportRequest) -> None:
    """Emails the receipt number only: nothing the requester typed is repeated."""
    if not req.requester_email:
        return
    from maillage.tasks.mail import send_email_task

    body = (
        "Bonjour,\n\n"
        f"Votre demande a bien été reçue par {req.network.name}.\n"
        f"Numéro de récépissé : {req.receipt_number}\n\n"
        "Une personne de l'équipe vous recontactera. Merci de rappeler ce numéro "
        "si vous nous appelez.\n"
    )
    send_email_task.enqueue(
        subject=f"Demande reçue — {req.receipt_number}", body=body, to=[req.requester_email]
    )


@transaction.atomic
def request_public_submit(
    *, network, data: dict[str, Any], thematics=(), attachments=(), attachment=None, request=None
) -> SupportRequest:
    """A request sent through the public form: no account, channel "web", receipt emailed."""
    data = {**data, "channel": Channel.WEB}
    req = request_create(
        actor=None,
        network=network,
        data=data,
        thematics=thematics,
        attachments=attachments,
        attachment=attachment,
        request=request,
    )
    send_receipt(req)
    return req


def _lock(req: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().get(pk=req.pk)


@transaction.atomic
def request_transition(
    *, actor, req: SupportRequest, to: str, why: str = "", request=None, **changes
) -> SupportRequest:
    """Moves the request along TRANSITIONS; anything else is refused. Keeps the delay dates."""
    current = _lock(req)
    if to not in current.allowed_next:
        raise ValidationError(
            f"Passage impossible de « {current.get_status_display()} » à « {Status(to).label} »."
        )
    now = timezone.now()
    from_status, previous_assignee_id = current.status, current.assigned_to_id
    current.status = to
    fields = ["status", "updated_at"]
    if current.first_contact_at is None:
        current.first_contact_at = now
        fields.append("first_contact_at")
    if to in DECISION_STATUSES:
        current.decided_at = now
        fields.append("decided_at")
    if to == Status.QUALIFYING and current.assigned_to_id is None:
        current.assigned_to = actor
        fields.append("assigned_to")
    for name, value in changes.items():
        setattr(current, name, value)
        fields.append(name)
    current.save(update_fields=fields)
    request_assigned(actor=actor, req=current, previous_assignee_id=previous_assignee_id)
    _log(current, actor=actor, from_status=from_status, why=why, at=now)
    record(
        "intake.request.transitioned",
        actor=actor,
        request=request,
        network=current.network,
        target=current,
        patient=current.patient,
        details={"from": from_status, "to": to},
    )
    return current


def request_take(*, actor, req: SupportRequest, request=None) -> SupportRequest:
    """First contact: the request goes to qualification and is assigned to `actor`."""
    return request_transition(actor=actor, req=req, to=Status.QUALIFYING, request=request)


@transaction.atomic
def request_screen(*, actor, req: SupportRequest, criteria: list[str], request=None):
    current = _lock(req)
    current.complexity = list(criteria)
    current.save(update_fields=["complexity", "updated_at"])
    record(
        "intake.request.screened",
        actor=actor,
        request=request,
        network=current.network,
        target=current,
        details={"criteria": current.complexity},
    )
    return current


@transaction.atomic
def request_answer(*, actor, req: SupportRequest, answer: str, resources=(), request=None):
    """Level 1: information or orientation given, with resources from the directory."""
    if not answer.strip():
        raise ValidationError({"answer": "Écrivez la réponse donnée au demandeur."})
    if any(r.network_id != req.network_id for r in resources):
        raise ValidationError({"resources": "Choisissez des ressources de votre réseau."})
    current = request_transition(
        actor=actor, req=req, to=Status.ANSWERED, why=answer, answer=answer, request=request
    )
    current.resources.set(resources)
    return current


def request_refuse(*, actor, req: SupportRequest, reason: str, request=None):
    if not reason.strip():
        raise ValidationError({"refusal_reason": "Indiquez le motif du refus."})
    return request_transition(
        actor=actor, req=req, to=Status.REFUSED, why=reason, refusal_reason=reason, request=request
    )


def request_punctual(*, actor, req: SupportRequest, note: str, request=None):
    if not note.strip():
        raise ValidationError({"why": "Décrivez l'appui ponctuel apporté."})
    return request_transition(
        actor=actor, req=req, to=Status.PUNCTUAL, why=note, answer=note, request=request
    )


JOURNAL_SOURCE = "intake.request"


def _journal_accepted(*, req: SupportRequest, patient, body_extra: str = "", request=None) -> bool:
    """The automatic journal entry of an accepted request, once per request and record
    (False when it was already written)."""
    from maillage.patients.models import JournalEntry, JournalKind
    from maillage.patients.services.journal import journal_entry_add

    if JournalEntry.objects.filter(
        patient=patient, source=JOURNAL_SOURCE, source_uuid=req.public_id
    ).exists():
        return
    journal_entry_add(
        actor=None,
        patient=patient,
        kind=JournalKind.EVENT,
        title="Demande d'appui acceptée",
        body=(
            f"Demande {req.receipt_number} reçue le {req.received_at:%d/%m/%Y} "
            f"({req.get_channel_display().lower()}, {req.get_requester_quality_display().lower()})"
            f", acceptée.{body_extra}"
        ),
        rupture_tag=req.rupture_tag,
        source=JOURNAL_SOURCE,
        source_uuid=req.public_id,
        request=request,
    )
    return True


@transaction.atomic
def request_accept(*, actor, req: SupportRequest, note: str = "", request=None):
    """Accepted: when the request is already attached to a record, its journal says so at
    once (otherwise at enrolment, once the record exists)."""
    current = request_transition(
        actor=actor, req=req, to=Status.ACCEPTED, why=note, request=request
    )
    if current.patient_id is not None:
        _journal_accepted(req=current, patient=current.patient, request=request)
    return current


@transaction.atomic
def request_attach_patient(*, actor, req: SupportRequest, patient, request=None):
    """Links the request to a record of the same network (never across networks)."""
    if patient.network_id != req.network_id or patient.merged_into_id is not None:
        raise ValidationError({"patient": "Ce dossier n'appartient pas à votre réseau."})
    current = _lock(req)
    current.patient = patient
    current.save(update_fields=["patient", "updated_at"])
    record(
        "intake.request.patient_attached",
        actor=actor,
        request=request,
        network=current.network,
        target=current,
        patient=patient,
    )
    return current


@transaction.atomic
def request_forward(*, actor, req: SupportRequest, to_network, note: str, request=None):
    """Hands the request to `to_network`: it gets its own request in its queue; the sender
    keeps a stub (dates, origin, receiving network) and nothing personal."""
    if to_network.pk == req.network_id:
        raise ValidationError({"to_network": "Choisissez un autre réseau que le vôtre."})
    if not note.strip():
        raise ValidationError({"note": "Écrivez une note pour le réseau qui reçoit la demande."})
    current = _lock(req)
    copy = SupportRequest(
        network=to_network,
        channel=current.channel,
        requester_quality=current.requester_quality,
        received_at=timezone.now(),
        forwarded_from=current.network,
        forward_note=note,
        **{name: getattr(current, name) for name in _PERSONAL_FIELDS},
    )
    copy.save()
    copy.thematics.set(current.thematics.all())
    _log(copy, actor=actor, from_status="", why=f"Transmise par {current.network.name}")
    from maillage.files.models import StoredFile
    from maillage.files.services import stored_file_attach

    for stored in StoredFile.objects.filter(
        owner_type=current._meta.label_lower, owner_public_id=current.public_id
    ):
        stored.network = to_network
        stored.save(update_fields=["network", "updated_at"])
        stored_file_attach(actor=actor, stored_file=stored, owner=copy)
    record(
        "intake.request.received_by_forward",
        actor=actor,
        request=request,
        network=to_network,
        target=copy,
        details={"from_network": str(current.network.public_id)},
    )
    stub = request_transition(
        actor=actor,
        req=current,
        to=Status.FORWARDED,
        why=f"Transmise à {to_network.name}",
        forwarded_to=to_network,
        forwarded_to_name=to_network.name,
        is_stub=True,
        patient=None,
        answer="",
        request=request,
        **{name: _BLANK.get(name, "") for name in _PERSONAL_FIELDS},
    )
    stub.thematics.clear()
    RequestTransition.objects.filter(request=stub).update(why="")
    return copy


def _gp_into_care_team(*, actor, req: SupportRequest, patient, started_on, request=None):
    """The médecin traitant picked in the directory joins the care team at enrolment, unless
    the record already has a current GP (never replaced silently)."""
    from maillage.patients.models import CareTeamMember
    from maillage.patients.models.careteam import GP_ROLE
    from maillage.patients.services.careteam import care_team_member_add

    gp = req.gp_professional
    if gp is None or not gp.is_active:
        return
    if CareTeamMember.objects.filter(patient=patient, role=GP_ROLE, ended_on__isnull=True).exists():
        return
    care_team_member_add(
        actor=actor,
        patient=patient,
        role=GP_ROLE,
        professional=gp,
        started_on=min(started_on, timezone.localdate()),
        note=f"Médecin traitant indiqué dans la demande {req.receipt_number}.",
        request=request,
    )


@transaction.atomic
def request_enrol(
    *,
    actor,
    req: SupportRequest,
    lead_coordinator,
    started_on: datetime.date,
    person_agreement_on: datetime.date,
    gp_agreement_on: datetime.date,
    identity: dict[str, Any] | None = None,
    patient=None,
    request=None,
) -> SupportRequest:
    """Accepted → enrolled: links or creates the record through the patients services, records
    the person's agreement (consent) and the GP's, opens the enrolment, writes the journal."""
    from maillage.patients.models import ConsentKind, ConsentMethod, JournalKind
    from maillage.patients.services.consent import consent_record
    from maillage.patients.services.enrolment import enrolment_open
    from maillage.patients.services.identity import patient_create
    from maillage.patients.services.journal import journal_entry_add

    today = timezone.localdate()
    for name, value in (
        ("person_agreement_on", person_agreement_on),
        ("gp_agreement_on", gp_agreement_on),
    ):
        if value is None:
            raise ValidationError({name: "Indiquez la date de l'accord recueilli."})
        if value > today:
            raise ValidationError({name: "La date de l'accord ne peut pas être dans le futur."})
    patient = patient or req.patient
    if patient is not None and patient.network_id != req.network_id:
        raise ValidationError({"patient": "Ce dossier n'appartient pas à votre réseau."})
    if patient is None:
        patient = patient_create(
            actor=actor, network=req.network, data=identity or {}, request=request
        )
    consent_record(
        actor=actor,
        patient=patient,
        kind=ConsentKind.SHARING,
        method=ConsentMethod.ORAL,
        given_on=person_agreement_on,
        note=f"Recueilli lors de la demande {req.receipt_number}.",
        request=request,
    )
    enrolment_open(
        actor=actor,
        patient=patient,
        lead_coordinator=lead_coordinator,
        started_on=started_on,
        thematics=list(req.thematics.filter(pk__in=req.network.thematics.all())),
        request=request,
    )
    _gp_into_care_team(
        actor=actor, req=req, patient=patient, started_on=started_on, request=request
    )
    current = request_transition(
        actor=actor,
        req=req,
        to=Status.ENROLLED,
        why="Inclusion",
        patient=patient,
        person_agreement_on=person_agreement_on,
        gp_agreement_on=gp_agreement_on,
        request=request,
    )
    agreements = (
        f" Accord de la personne le {person_agreement_on:%d/%m/%Y}, "
        f"du médecin traitant le {gp_agreement_on:%d/%m/%Y}."
    )
    if _journal_accepted(req=current, patient=patient, body_extra=agreements, request=request):
        return current
    # Accepted while already attached to the record: the inclusion gets its own entry.
    journal_entry_add(
        actor=None,
        patient=patient,
        kind=JournalKind.EVENT,
        title="Inclusion à partir d'une demande d'appui",
        body=f"Inclusion le {started_on:%d/%m/%Y} (demande {req.receipt_number}).{agreements}",
        source="intake.enrolment",
        source_uuid=req.public_id,
        request=request,
    )
    return current
