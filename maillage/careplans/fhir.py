"""A validated PPS version as FHIR R4 (validated with `fhir.resources`' R4B models, the FHIR
release FR Core builds on): a Bundle holding the Patient, the CareTeam, the Goals and the
CarePlan with its activities. The INS (INS-NIR system) appears only for a qualified identity;
professionals carry their RPPS with the FR Core system."""

from __future__ import annotations

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.careteam import CareTeam
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.patient import Patient as FhirPatient

from maillage.careplans.models import ActionStatus, PpsStatus
from maillage.careplans.selectors import plan_of
from maillage.directory.models import IdType
from maillage.exports.formats import fhir_json_bytes
from maillage.patients.models import CareTeamMember

INS_NIR_SYSTEM = "urn:oid:1.2.250.1.213.1.4.8"
RPPS_SYSTEM = "https://rpps.esante.gouv.fr"
ACTIVITY_STATUS = {
    ActionStatus.PLANNED: "not-started",
    ActionStatus.IN_PROGRESS: "in-progress",
    ActionStatus.DONE: "completed",
    ActionStatus.ABANDONED: "cancelled",
}
PLAN_STATUS = {
    PpsStatus.DRAFT: "draft",
    PpsStatus.SUBMITTED: "draft",
    PpsStatus.VALIDATED: "active",
    PpsStatus.SUPERSEDED: "completed",
}


def _urn(obj) -> str:
    return f"urn:uuid:{obj.public_id}"


def _patient(patient) -> FhirPatient:
    data = {
        "id": str(patient.public_id),
        "name": [
            {"use": "official", "family": patient.birth_name, "given": patient.first_names.split()}
        ],
        "gender": {"F": "female", "M": "male"}.get(patient.sex, "unknown"),
        "birthDate": patient.birth_date.isoformat(),
    }
    if patient.has_ins:
        data["identifier"] = [{"system": INS_NIR_SYSTEM, "value": patient.ins_matricule}]
    return FhirPatient(**data)


def _member_reference(member: CareTeamMember) -> dict:
    ref = {"display": member.member_name}
    professional = member.professional
    if professional is not None and professional.id_type == IdType.RPPS:
        ref["identifier"] = {"system": RPPS_SYSTEM, "value": professional.identifier}
    return ref


def _care_team(version, patient) -> CareTeam:
    members = CareTeamMember.objects.filter(patient=patient, ended_on__isnull=True).select_related(
        "professional", "organisation", "external_user"
    )
    participants = [
        {"role": [{"text": m.get_role_display()}], "member": _member_reference(m)} for m in members
    ]
    return CareTeam(
        id=f"ct-{version.public_id}",
        status="active",
        name="Équipe de soins",
        subject={"reference": _urn(patient)},
        participant=participants or None,
    )


def build_bundle(version) -> Bundle:
    patient = version.pps.patient
    plan = plan_of(version)
    team = _care_team(version, patient)
    goals, activities = [], []
    for problem in plan:
        for goal in problem.goals.all():
            goals.append(
                (
                    goal,
                    Goal(
                        id=str(goal.public_id),
                        lifecycleStatus="active",
                        category=[{"text": problem.get_domain_display()}],
                        description={"text": goal.text},
                        subject={"reference": _urn(patient)},
                        addresses=None,
                        note=[{"text": f"Problème : {problem.label}"}],
                    ),
                )
            )
            for action in goal.actions.all():
                detail = {
                    "kind": "ServiceRequest",
                    "status": ACTIVITY_STATUS[action.status],
                    "description": f"{action.what} ({action.get_kind_display()})",
                    "goal": [{"reference": _urn(goal)}],
                    "performer": [
                        _member_reference(action.member)
                        if action.member_id
                        else {"display": str(action.professional)}
                    ],
                }
                if action.abandon_reason:
                    detail["statusReason"] = {"text": action.abandon_reason}
                if action.start_on or action.end_on:
                    detail["scheduledPeriod"] = {
                        k: v.isoformat()
                        for k, v in (("start", action.start_on), ("end", action.end_on))
                        if v
                    }
                elif action.frequency:
                    detail["scheduledString"] = action.frequency
                if action.frequency and "scheduledPeriod" in detail:
                    detail["description"] += f", {action.frequency}"
                activities.append({"detail": detail})
    care_plan = CarePlan(
        id=str(version.public_id),
        status=PLAN_STATUS[version.status],
        intent="plan",
        title=f"Plan personnalisé de santé — version {version.number}",
        subject={"reference": _urn(patient)},
        created=version.created_at.isoformat(timespec="seconds"),
        period={"end": version.review_due.isoformat()} if version.review_due else None,
        careTeam=[{"reference": f"urn:uuid:ct-{version.public_id}"}],
        goal=[{"reference": _urn(g)} for g, _ in goals] or None,
        activity=activities or None,
        note=[{"text": version.preferences}] if version.preferences else None,
    )
    entries = [
        {"fullUrl": _urn(patient), "resource": _patient(patient)},
        {"fullUrl": f"urn:uuid:ct-{version.public_id}", "resource": team},
        *[{"fullUrl": _urn(g), "resource": r} for g, r in goals],
        {"fullUrl": _urn(version), "resource": care_plan},
    ]
    return Bundle(
        type="collection",
        timestamp=timezone.now().isoformat(timespec="seconds"),
        entry=entries,
    )


def bundle_bytes(version) -> tuple[bytes, int]:
    bundle = build_bundle(version)
    return fhir_json_bytes(bundle), len(bundle.entry)
