"""Lifecycle of a PPS version: submission, agreements, validation, revision, action status."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import Membership, Role
from maillage.careplans import sources
from maillage.careplans.models import (
    EDITABLE_STATUSES,
    ActionStatus,
    AgreementMeans,
    AlertProcedure,
    PatientAgreement,
    PlanAction,
    PlanGoal,
    PlanProblem,
    Pps,
    PpsStatus,
    PpsVersion,
)
from maillage.careplans.services.drafting import _audit, _locked_editable, header_snapshot
from maillage.patients.models import CareTeamMember, JournalKind, Task
from maillage.patients.models.careteam import GP_ROLE
from maillage.patients.services import journal_entry_add, task_complete, task_create


@transaction.atomic
def version_submit(*, actor, version, request=None) -> PpsVersion:
    current = _locked_editable(version)
    if not PlanAction.objects.filter(goal__problem__version=current).exists():
        raise ValidationError(
            "Le plan n'a encore aucune action : ajoutez-en avant de le soumettre."
        )
    current.status = PpsStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.save(update_fields=["status", "submitted_at", "updated_at"])
    _audit("careplans.pps.submitted", actor=actor, version=current, request=request)
    return current


def current_gp(patient) -> CareTeamMember | None:
    return (
        CareTeamMember.objects.filter(patient=patient, role=GP_ROLE, ended_on__isnull=True)
        .select_related("professional", "external_user")
        .first()
    )


@transaction.atomic
def gp_agreement_give(*, actor, version, access, request=None) -> PpsVersion:
    """The médecin traitant (logged in as an external user) agrees to the submitted plan; or
    the network's medical lead when the patient has no médecin traitant."""
    current = _locked_editable(version)
    if current.status != PpsStatus.SUBMITTED:
        raise ValidationError("Le PPS doit être soumis avant de recueillir l'accord médical.")
    gp = current_gp(current.pps.patient)
    if gp is not None:
        if access.is_staff or gp.pk not in {m.pk for m in access.members}:
            raise ValidationError("Seul le médecin traitant du patient peut donner cet accord.")
        role, name = "gp", gp.member_name
    else:
        if not access.is_staff or access.role != Role.MEDICAL_LEAD:
            raise ValidationError(
                "Le patient n'a pas de médecin traitant : l'accord revient au médecin "
                "coordonnateur du réseau."
            )
        role, name = "medical_lead", actor.full_name
    current.gp_agreed_at = timezone.localdate()
    current.gp_agreed_by_name = name
    current.gp_agreed_user = actor
    current.gp_agreement_role = role
    current.gp_agreement_means = AgreementMeans.ACCOUNT
    current.gp_recorded_by = actor
    current.rev_agreements += 1
    current.save()
    _audit("careplans.pps.gp_agreed", actor=actor, version=current, request=request, role=role)
    return current


@transaction.atomic
def gp_agreement_record(*, actor, version, agreed_on, means, request=None) -> PpsVersion:
    """The coordinator records the médecin traitant's (or medical lead's) agreement given by
    phone, mail, meeting or letter, with its date."""
    current = _locked_editable(version)
    if current.status != PpsStatus.SUBMITTED:
        raise ValidationError("Le PPS doit être soumis avant de recueillir l'accord médical.")
    errors = {}
    if agreed_on is None:
        errors["agreed_on"] = "Indiquez la date de l'accord du médecin."
    elif agreed_on > timezone.localdate():
        errors["agreed_on"] = "La date de l'accord ne peut pas être dans le futur."
    if means not in AgreementMeans.values or means == AgreementMeans.ACCOUNT:
        errors["means"] = "Indiquez comment le médecin a donné son accord."
    if errors:
        raise ValidationError(errors)
    gp = current_gp(current.pps.patient)
    if gp is not None:
        role, name = "gp", gp.member_name
    else:
        lead = (
            Membership.objects.filter(
                network=current.pps.network, role=Role.MEDICAL_LEAD, is_active=True
            )
            .select_related("user")
            .first()
        )
        if lead is None:
            raise ValidationError(
                "Le patient n'a pas de médecin traitant et le réseau n'a pas de médecin "
                "coordonnateur : l'accord médical ne peut pas être enregistré."
            )
        role, name = "medical_lead", lead.user.full_name
    current.gp_agreed_at = agreed_on
    current.gp_agreed_by_name = name
    current.gp_agreed_user = None
    current.gp_agreement_role = role
    current.gp_agreement_means = means
    current.gp_recorded_by = actor
    current.rev_agreements += 1
    current.save()
    _audit("careplans.pps.gp_agreement_recorded", actor=actor, version=current, request=request)
    return current


@transaction.atomic
def patient_agreement_record(
    *, actor, version, agreement, agreed_on, refused="", request=None
) -> PpsVersion:
    current = _locked_editable(version)
    errors = {}
    if agreement not in PatientAgreement.values:
        errors["agreement"] = "Indiquez si le patient est d'accord avec le plan."
    if agreed_on is None:
        errors["agreed_on"] = "Indiquez la date à laquelle le patient a donné sa réponse."
    if agreement in (PatientAgreement.PARTIAL, PatientAgreement.REFUSED) and not refused.strip():
        errors["refused"] = "Précisez ce que le patient refuse."
    if errors:
        raise ValidationError(errors)
    current.patient_agreement = agreement
    current.patient_agreement_on = agreed_on
    current.patient_refused = refused.strip()
    current.rev_agreements += 1
    current.save()
    _audit(
        "careplans.pps.patient_agreement_recorded",
        actor=actor,
        version=current,
        request=request,
        agreement=agreement,
    )
    return current


@transaction.atomic
def version_validate(*, actor, version, request=None) -> PpsVersion:
    """Validates a submitted version: review date, medical agreement and patient's answer are
    required. The previous validated version is superseded; a task marks the review date."""
    current = _locked_editable(version)
    errors = []
    if current.status != PpsStatus.SUBMITTED:
        errors.append("Soumettez le PPS avant de le valider.")
    if current.review_due is None:
        errors.append("Indiquez la date de réévaluation du PPS avant de le valider.")
    elif current.review_due <= timezone.localdate():
        errors.append("La date de réévaluation doit être dans le futur.")
    if current.gp_agreed_at is None or not current.gp_agreement_role:
        errors.append(
            "L'accord du médecin traitant (ou, sans médecin traitant, du médecin "
            "coordonnateur) est nécessaire pour valider le PPS."
        )
    if not current.patient_agreement:
        errors.append("Indiquez l'accord ou le refus du patient avant de valider le PPS.")
    if errors:
        raise ValidationError(errors)
    previous = (
        PpsVersion.objects.select_for_update()
        .filter(pps=current.pps, status=PpsStatus.VALIDATED)
        .first()
    )
    if previous is not None:
        previous.status = PpsStatus.SUPERSEDED
        previous.superseded_at = timezone.now()
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        _audit("careplans.pps.superseded", actor=actor, version=previous, request=request)
        # This validation is the re-evaluation: the superseded version's review task is done.
        for task in Task.objects.filter(
            origin="careplans.pps.review", source_uuid=previous.public_id, done_at__isnull=True
        ):
            task_complete(actor=actor, task=task, expected_version=task.version, request=request)
    current.status = PpsStatus.VALIDATED
    current.validated_at = timezone.now()
    current.validated_by = actor
    current.save(update_fields=["status", "validated_at", "validated_by", "updated_at"])
    pps = current.pps
    task_create(
        actor=actor,
        network=pps.network,
        assignee=pps.enrolment.lead_coordinator,
        patient=pps.patient,
        title=f"Réévaluer le PPS (version {current.number})",
        due_on=current.review_due,
        origin="careplans.pps.review",
        source_uuid=current.public_id,
        request=request,
    )
    journal_entry_add(
        actor=None,
        patient=pps.patient,
        kind=JournalKind.EVENT,
        body=f"PPS version {current.number} validé ; réévaluation prévue le "
        f"{current.review_due:%d/%m/%Y}.",
        source="careplans.pps",
        source_uuid=current.public_id,
        request=request,
    )
    _audit("careplans.pps.validated", actor=actor, version=current, request=request)
    return current


@transaction.atomic
def version_revise(*, actor, pps: Pps, request=None) -> PpsVersion:
    """A new draft copied from the current validated version (which stays current)."""
    base = PpsVersion.objects.filter(pps=pps, status=PpsStatus.VALIDATED).first()
    if base is None:
        raise ValidationError("Il n'y a pas de version validée à réviser.")
    if PpsVersion.objects.filter(pps=pps, status__in=EDITABLE_STATUSES).exists():
        raise ValidationError("Une révision est déjà en cours : reprenez-la.")
    last = pps.versions.order_by("-number").first()
    draft = PpsVersion.objects.create(
        pps=pps,
        number=last.number + 1,
        based_on=base,
        author=actor,
        header=header_snapshot(pps.patient, pps.enrolment),
        meeting_kind=base.meeting_kind,
        participants=base.participants,
        ald=base.ald,
        advance_directives=base.advance_directives,
        advance_directives_where=base.advance_directives_where,
        preferences=base.preferences,
        benefits=base.benefits,
        gir=sources.latest_gir(pps.patient) or base.gir,
        protection=base.protection,
        housing=base.housing,
    )
    for problem in base.problems.prefetch_related("goals__actions"):
        new_problem = PlanProblem.objects.create(
            version=draft,
            domain=problem.domain,
            code=problem.code,
            label=problem.label,
            priority=problem.priority,
            source_uuid=problem.source_uuid,
            position=problem.position,
        )
        for goal in problem.goals.all():
            new_goal = PlanGoal.objects.create(
                problem=new_problem, text=goal.text, position=goal.position
            )
            for action in goal.actions.all():
                PlanAction.objects.create(
                    goal=new_goal,
                    what=action.what,
                    kind=action.kind,
                    member=action.member,
                    professional=action.professional,
                    frequency=action.frequency,
                    start_on=action.start_on,
                    end_on=action.end_on,
                    success_criteria=action.success_criteria,
                    status=action.status,
                    abandon_reason=action.abandon_reason,
                    position=action.position,
                )
    for alert in base.alerts.all():
        AlertProcedure.objects.create(
            version=draft,
            situation=alert.situation,
            who_to_call=alert.who_to_call,
            phone=alert.phone,
        )
    _audit(
        "careplans.pps.revision_started",
        actor=actor,
        version=draft,
        request=request,
        based_on=base.number,
    )
    return draft


@transaction.atomic
def action_status_set(
    *,
    actor,
    action: PlanAction,
    status: str,
    expected_row_version: int,
    reason: str = "",
    request=None,
) -> PlanAction:
    """Changes an action's status (in a draft or in the current validated version) and writes
    it to the patient's journal."""
    current = (
        PlanAction.objects.select_for_update()
        .select_related("goal__problem__version__pps__patient")
        .get(pk=action.pk)
    )
    version = current.goal.problem.version
    if version.status == PpsStatus.SUPERSEDED:
        raise ValidationError("Cette version du PPS a été remplacée : suivez la version en cours.")
    if current.row_version != expected_row_version:
        raise ValidationError(
            f"Quelqu'un a changé cette action entre-temps : elle est maintenant "
            f"« {current.get_status_display()} ». Rechargez la page."
        )
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choisissez un état de la liste."})
    if status == ActionStatus.ABANDONED and not reason.strip():
        raise ValidationError({"reason": "Indiquez pourquoi l'action est abandonnée."})
    if status == current.status:
        return current
    old = current.get_status_display()
    current.status = status
    current.abandon_reason = reason.strip() if status == ActionStatus.ABANDONED else ""
    current.row_version += 1
    current.save(update_fields=["status", "abandon_reason", "row_version", "updated_at"])
    label = current.get_status_display()
    body = f"Action du PPS « {current.what} » : {old} → {label}."
    if current.abandon_reason:
        body += f" Motif : {current.abandon_reason}."
    journal_entry_add(
        actor=None,
        patient=version.pps.patient,
        kind=JournalKind.EVENT,
        body=body,
        source="careplans.action",
        source_uuid=current.public_id,
        request=request,
    )
    _audit(
        "careplans.action.status_changed",
        actor=actor,
        version=version,
        request=request,
        plan_action=str(current.public_id),
        status=status,
    )
    return current
