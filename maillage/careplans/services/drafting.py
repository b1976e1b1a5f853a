"""Writes of the PPS: drafts, sections (optimistic locking), the plan, agreements, validation,
revision, action status. Every change is audited; a validated version is never changed."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.audit import record
from maillage.careplans import sources
from maillage.careplans.models import (
    EDITABLE_STATUSES,
    SECTIONS,
    AlertProcedure,
    PlanAction,
    PlanGoal,
    PlanProblem,
    Pps,
    PpsStatus,
    PpsVersion,
)
from maillage.careplans.plan_templates import TEMPLATES
from maillage.patients.models import Carer, CareTeamMember, Consent, ConsentKind
from maillage.patients.models.careteam import GP_ROLE

FROZEN_MESSAGE = (
    "Cette version du PPS est validée : elle ne peut plus être modifiée. "
    "Créez une révision pour la faire évoluer."
)


class SectionConflict(Exception):
    """Someone saved this section after the form was opened: carries their values."""

    def __init__(self, version: PpsVersion, section: str, submitted: dict[str, Any]):
        self.version = version
        self.section = section
        self.rows = []
        for name in SECTIONS[section]:
            field = PpsVersion._meta.get_field(name)
            saved = getattr(version, name)
            mine = submitted.get(name)
            if (saved or "") != (mine or ""):
                self.rows.append(
                    {"label": str(field.verbose_name), "saved": _shown(saved), "mine": _shown(mine)}
                )
        super().__init__("Modification concurrente")


def _shown(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _audit(action: str, *, actor, version: PpsVersion, request=None, **details) -> None:
    pps = version.pps
    record(
        action,
        actor=actor,
        request=request,
        network=pps.network,
        target=version,
        patient=pps.patient,
        details={"version": version.number, **details},
    )


def _locked_editable(version: PpsVersion) -> PpsVersion:
    current = PpsVersion.objects.select_for_update().select_related("pps").get(pk=version.pk)
    if current.status not in EDITABLE_STATUSES:
        raise ValidationError(FROZEN_MESSAGE)
    return current


def _back_to_draft(version: PpsVersion) -> None:
    """Any change to a submitted version sends it back to draft (agreements must be redone)."""
    if version.status == PpsStatus.SUBMITTED:
        version.status = PpsStatus.DRAFT
        version.save(update_fields=["status", "updated_at"])


def header_snapshot(patient, enrolment) -> dict:
    """The HAS header as it stands today (the INS is never copied: it is read live, and only
    for a qualified identity)."""
    carers = list(Carer.objects.filter(patient=patient, ended_on__isnull=True))
    trusted = next((c for c in carers if c.is_trusted_person), None)
    emergency = next((c for c in carers if c.is_emergency_contact), None)
    members = CareTeamMember.objects.filter(patient=patient, ended_on__isnull=True).select_related(
        "professional", "organisation", "external_user"
    )
    gp = next((m for m in members if m.role == GP_ROLE), None)
    consent = (
        Consent.objects.filter(patient=patient, withdrawn_at__isnull=True)
        .order_by("-created_at")
        .first()
    )

    def person(carer):
        if carer is None:
            return None
        return {"name": f"{carer.first_name} {carer.last_name}".strip(), "phone": carer.phone}

    return {
        "used_name": patient.used_name,
        "birth_name": patient.birth_name,
        "first_names": patient.first_names,
        "sex": patient.get_sex_display(),
        "birth_date": patient.birth_date.isoformat(),
        "birth_place": patient.birth_insee_code or patient.birth_country,
        "address": " ".join(p for p in [patient.address, patient.postal_code] if p),
        "phones": " / ".join(p for p in [patient.phone, patient.mobile_phone] if p),
        "legal_representative": " ".join(
            p
            for p in [patient.legal_representative_name, patient.legal_representative_contact]
            if p
        ),
        "trusted_person": person(trusted),
        "emergency_contact": person(emergency),
        "gp": gp.member_name if gp else "",
        "contacts": [
            {"name": m.member_name, "role": m.get_role_display()} for m in members if m != gp
        ],
        "lead_coordinator": enrolment.lead_coordinator.full_name,
        "consent": (
            "Opposition au partage"
            if consent and consent.kind == ConsentKind.OBJECTION
            else ("Informé, ne s'oppose pas au partage" if consent else "Non recueilli")
        ),
    }


@transaction.atomic
def pps_start(*, actor, enrolment, request=None) -> PpsVersion:
    """The PPS of an open enrolment and its first draft (version 1)."""
    if enrolment.closed_on is not None:
        raise ValidationError("L'accompagnement est clôturé : ouvrez une inclusion pour un PPS.")
    if Pps.objects.filter(enrolment=enrolment).exists():
        raise ValidationError("Ce patient a déjà un PPS pour cette inclusion.")
    patient = enrolment.patient
    pps = Pps.objects.create(
        patient=patient, enrolment=enrolment, network=enrolment.network, created_by=actor
    )
    version = PpsVersion.objects.create(
        pps=pps,
        number=1,
        author=actor,
        header=header_snapshot(patient, enrolment),
        gir=sources.latest_gir(patient),
    )
    _audit("careplans.pps.created", actor=actor, version=version, request=request)
    return version


@transaction.atomic
def section_update(
    *, actor, version: PpsVersion, section: str, expected_rev: int, data: dict, request=None
) -> PpsVersion:
    """Saves one section of a draft; refuses a stale form with `SectionConflict`."""
    current = _locked_editable(version)
    rev_field = f"rev_{section}"
    if getattr(current, rev_field) != expected_rev:
        raise SectionConflict(current, section, data)
    changed = []
    for name in SECTIONS[section]:
        if name in data and getattr(current, name) != data[name]:
            setattr(current, name, data[name])
            changed.append(name)
    setattr(current, rev_field, expected_rev + 1)
    current.save(update_fields=[*changed, rev_field, "updated_at"])
    _back_to_draft(current)
    _audit(
        "careplans.pps.section_updated",
        actor=actor,
        version=current,
        request=request,
        section=section,
        fields=changed,
    )
    return current


@transaction.atomic
def problem_add(
    *, actor, version, domain, label, code="", source_uuid=None, request=None
) -> PlanProblem:
    current = _locked_editable(version)
    if not label.strip():
        raise ValidationError({"label": "Décrivez le problème."})
    problem = PlanProblem.objects.create(
        version=current,
        domain=domain,
        label=label.strip(),
        code=code,
        source_uuid=source_uuid,
        position=current.problems.count(),
    )
    _back_to_draft(current)
    _audit("careplans.problem.added", actor=actor, version=current, request=request, domain=domain)
    return problem


@transaction.atomic
def problems_import(*, actor, version, request=None) -> int:
    """Adds the assessment's identified problems not already in the draft."""
    current = _locked_editable(version)
    present = set(current.problems.exclude(source_uuid=None).values_list("source_uuid", flat=True))
    count = 0
    for proposal in sources.assessment_problems(current.pps.patient):
        if proposal.source_uuid and proposal.source_uuid in present:
            continue
        problem_add(
            actor=actor,
            version=current,
            domain=proposal.domain,
            label=proposal.label,
            code=proposal.code,
            source_uuid=proposal.source_uuid,
            request=request,
        )
        count += 1
    return count


@transaction.atomic
def goal_add(*, actor, problem: PlanProblem, text: str, request=None) -> PlanGoal:
    current = _locked_editable(problem.version)
    if not text.strip():
        raise ValidationError({"text": "Écrivez l'objectif partagé."})
    goal = PlanGoal.objects.create(
        problem=problem, text=text.strip(), position=problem.goals.count()
    )
    _back_to_draft(current)
    _audit("careplans.goal.added", actor=actor, version=current, request=request)
    return goal


def _check_action(version: PpsVersion, data: dict) -> None:
    errors = {}
    if not (data.get("what") or "").strip():
        errors["what"] = "Décrivez l'action."
    member, professional = data.get("member"), data.get("professional")
    if (member is None) == (professional is None):
        errors["member"] = (
            "Choisissez qui réalise l'action : un membre de l'équipe de soins "
            "ou un professionnel de l'annuaire (un seul)."
        )
    elif member is not None and (
        member.patient_id != version.pps.patient_id or member.ended_on is not None
    ):
        errors["member"] = "Cet intervenant ne fait pas partie de l'équipe de soins actuelle."
    start, end = data.get("start_on"), data.get("end_on")
    if start and end and end < start:
        errors["end_on"] = "La date de fin doit être le même jour ou après la date de début."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_add(*, actor, goal: PlanGoal, data: dict, request=None) -> PlanAction:
    current = _locked_editable(goal.problem.version)
    _check_action(current, data)
    action = PlanAction.objects.create(
        goal=goal,
        what=data["what"].strip(),
        kind=data["kind"],
        member=data.get("member"),
        professional=data.get("professional"),
        frequency=data.get("frequency", ""),
        start_on=data.get("start_on"),
        end_on=data.get("end_on"),
        success_criteria=data.get("success_criteria", ""),
        position=goal.actions.count(),
    )
    _back_to_draft(current)
    _audit("careplans.action.added", actor=actor, version=current, request=request)
    return action


@transaction.atomic
def alert_add(*, actor, version, situation, who_to_call, phone="", request=None):
    current = _locked_editable(version)
    if not situation.strip() or not who_to_call.strip():
        raise ValidationError(
            {"situation": "Indiquez la situation d'alerte et qui appeler dans ce cas."}
        )
    alert = AlertProcedure.objects.create(
        version=current, situation=situation, who_to_call=who_to_call, phone=phone
    )
    _back_to_draft(current)
    _audit("careplans.alert.added", actor=actor, version=current, request=request)
    return alert


@transaction.atomic
def template_apply(*, actor, version, key: str, responsible: CareTeamMember, request=None) -> int:
    """Adds a template's problems, goals and actions (all given to `responsible`, to adapt)."""
    if key not in TEMPLATES:
        raise ValidationError({"template": "Choisissez un modèle de la liste."})
    current = _locked_editable(version)
    count = 0
    for domain, label, goals in TEMPLATES[key]["problems"]:
        problem = problem_add(actor=actor, version=current, domain=domain, label=label)
        for text, actions in goals:
            goal = goal_add(actor=actor, problem=problem, text=text)
            for what, kind in actions:
                action_add(
                    actor=actor,
                    goal=goal,
                    data={"what": what, "kind": kind, "member": responsible},
                )
                count += 1
    _audit("careplans.template.applied", actor=actor, version=current, request=request, key=key)
    return count
