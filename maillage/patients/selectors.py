"""Reads of the patient's record, with their select_related / prefetch_related."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)

from maillage.accounts.models import Membership, Role
from maillage.audit.models import AuditEvent
from maillage.core.prepared import Param, Prepared
from maillage.core.text import normalise
from maillage.patients import nir
from maillage.patients.models import (
    Carer,
    CareTeamMember,
    Consent,
    ConsentKind,
    ConsentScope,
    Enrolment,
    IdentityStatus,
    JournalEntry,
    LegalProtection,
    Patient,
    PatientMerge,
    Task,
)
from maillage.patients.models.careteam import GP_ROLE


class FollowUp:
    """The follow-up status shown in lists and used by the search."""

    ACTIVE = "en_cours"
    CLOSED = "cloture"
    NONE = "non_inclus"
    CHOICES = [(ACTIVE, "Suivi en cours"), (CLOSED, "Suivi clôturé"), (NONE, "Jamais inclus")]


@dataclass
class ConsentState:
    sharing: Consent | None = None
    global_objection: Consent | None = None
    member_objections: list[Consent] = field(default_factory=list)
    reuse_objection: Consent | None = None

    @property
    def objected_member_ids(self) -> set[int]:
        return {m.pk for c in self.member_objections for m in c.members.all()}


# Read on every page of a record (the banner): compiled once (maillage.core.prepared).
_CURRENT_CONSENTS = Prepared(
    lambda: Consent.objects.filter(
        patient_id=Param("patient", Consent, "patient"), withdrawn_at__isnull=True
    ).order_by("-given_on", "-created_at")
)
_OPEN_ENROLMENT = Prepared(
    lambda: Enrolment.objects.filter(
        patient_id=Param("patient", Enrolment, "patient"), closed_on__isnull=True
    ).select_related("lead_coordinator")[:1]
)
_GP = Prepared(
    lambda: (
        CareTeamMember.objects.filter(
            patient_id=Param("patient", CareTeamMember, "patient"),
            role=GP_ROLE,
            ended_on__isnull=True,
        )
        .select_related("external_user", "professional", "organisation")
        # Only what `member_name` reads (the banner shows nothing else of the GP).
        .only(
            "patient_id",
            "role",
            "ended_on",
            "professional__practice_civility",
            "professional__civility",
            "professional__first_name",
            "professional__last_name",
            "organisation__name",
            "external_user__first_name",
            "external_user__last_name",
        )[:1]
    )
)


def consent_state(patient: Patient) -> ConsentState:
    state = ConsentState()
    current = _CURRENT_CONSENTS.list(patient=patient.pk)
    prefetch_related_objects(current, "members")
    for consent in current:
        if consent.kind == ConsentKind.SHARING and state.sharing is None:
            state.sharing = consent
        elif consent.kind == ConsentKind.REUSE_OBJECTION and state.reuse_objection is None:
            state.reuse_objection = consent
        elif consent.kind == ConsentKind.OBJECTION:
            if consent.scope == ConsentScope.ALL and state.global_objection is None:
                state.global_objection = consent
            elif consent.scope == ConsentScope.MEMBERS:
                state.member_objections.append(consent)
    return state


def open_enrolment(patient: Patient) -> Enrolment | None:
    enrolment = _OPEN_ENROLMENT.first(patient=patient.pk)
    if enrolment is not None:
        enrolment.patient = patient
    return enrolment


def banner(patient: Patient) -> dict:
    """Everything the identity banner shows: status, alerts, GP, enrolment, consent."""
    state = consent_state(patient)
    enrolment = open_enrolment(patient)
    last = enrolment or (
        Enrolment.objects.filter(patient=patient).select_related("lead_coordinator").first()
    )
    gp = _GP.first(patient=patient.pk)
    alerts = []
    if patient.is_doubtful:
        alerts.append("Identité douteuse")
    if patient.is_fictitious:
        alerts.append("Identité fictive")
    if gp is None:
        alerts.append("Pas de médecin traitant déclaré")
    if state.global_objection:
        alerts.append("Opposition au partage avec toute l'équipe de soins")
    if state.member_objections:
        alerts.append("Opposition au partage visant des membres de l'équipe")
    if state.reuse_objection:
        alerts.append("Opposition à la réutilisation statistique")
    if patient.legal_protection and patient.legal_protection != LegalProtection.NONE:
        alerts.append(f"Mesure de protection : {patient.get_legal_protection_display()}")
    if enrolment is None:
        alerts.append("Suivi clôturé" if last else "Non inclus")
    return {
        "consent": state,
        "enrolment": enrolment,
        "last_enrolment": last,
        "lead_coordinator_id": last.lead_coordinator_id if last else None,
        "gp": gp,
        "alerts": alerts,
        "status_is_trusted": patient.identity_status
        in (IdentityStatus.VALIDATED, IdentityStatus.QUALIFIED),
    }


def _follow_up_filter(status: str) -> Q:
    open_ = Exists(Enrolment.objects.filter(patient=OuterRef("pk"), closed_on__isnull=True))
    any_ = Exists(Enrolment.objects.filter(patient=OuterRef("pk")))
    if status == FollowUp.ACTIVE:
        return Q(open_)
    if status == FollowUp.CLOSED:
        return Q(any_) & ~Q(open_)
    if status == FollowUp.NONE:
        return ~Q(any_)
    return Q()


def patient_search(
    visible: QuerySet[Patient],
    *,
    name: str = "",
    birth_date=None,
    nir_value: str = "",
    commune: str = "",
    coordinator=None,
    follow_up: str = "",
    identity_status: str = "",
) -> QuerySet[Patient]:
    """Filters the records the user may see. Names match on normalised birth, used and first
    names (every word typed must match one of them)."""
    rows = visible
    for token in normalise(name).split():
        rows = rows.filter(
            Q(search_birth_name__contains=token)
            | Q(search_used_name__contains=token)
            | Q(search_first_names__contains=token)
        )
    if birth_date:
        rows = rows.filter(birth_date=birth_date)
    if nir_value:
        digest = nir.digest(nir_value)
        rows = rows.filter(Q(declared_nir_digest=digest) | Q(ins_digest=digest))
    if commune:
        rows = rows.filter(_commune_filter(commune))
    if coordinator is not None:
        rows = rows.filter(
            Exists(
                Enrolment.objects.filter(
                    patient=OuterRef("pk"), closed_on__isnull=True, lead_coordinator=coordinator
                )
            )
        )
    if follow_up:
        rows = rows.filter(_follow_up_filter(follow_up))
    if identity_status:
        rows = rows.filter(identity_status=identity_status)
    return rows.select_related("commune").prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.select_related("lead_coordinator").order_by("-started_on"),
            to_attr="enrolment_list",
        )
    )


def _commune_filter(commune: str) -> Q:
    value = commune.strip()
    if re.fullmatch(r"\d{5}|2[ABab]\d{3}", value):
        return Q(postal_code=value) | Q(commune_id=value.upper())
    if value.isdigit():
        return Q(postal_code__startswith=value)
    return Q(commune__search_name__contains=normalise(value))


def follow_up_of(patient: Patient) -> str:
    """Needs `enrolment_list` (prefetched by patient_search)."""
    enrolments = getattr(patient, "enrolment_list", None)
    if enrolments is None:
        enrolments = list(patient.enrolments.all())
    if any(e.closed_on is None for e in enrolments):
        return FollowUp.ACTIVE
    return FollowUp.CLOSED if enrolments else FollowUp.NONE


def carers_of(patient: Patient) -> QuerySet[Carer]:
    return Carer.objects.filter(patient=patient).order_by("ended_on", "-is_main_carer", "last_name")


def care_team_of(patient: Patient) -> QuerySet[CareTeamMember]:
    return (
        CareTeamMember.objects.filter(patient=patient)
        .select_related("external_user", "professional", "organisation")
        .order_by("ended_on", "-is_referent", "role", "started_on")
    )


def consents_of(patient: Patient) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(patient=patient)
        .select_related("recorded_by", "withdrawn_by")
        .prefetch_related(
            "members__external_user", "members__professional", "members__organisation"
        )
        .order_by("withdrawn_at", "-given_on", "-created_at")
    )


def enrolments_of(patient: Patient) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(patient=patient)
        .select_related("lead_coordinator", "closed_by")
        .prefetch_related("thematics")
        .order_by("-started_on", "-created_at")
    )


def journal_of(patient: Patient, visibility: Q) -> QuerySet[JournalEntry]:
    return (
        JournalEntry.objects.filter(patient=patient)
        .filter(visibility)
        .select_related("author", "corrects")
        .order_by("-occurred_at", "-id")
    )


def tasks_of(patient: Patient) -> QuerySet[Task]:
    return (
        Task.objects.filter(patient=patient)
        .select_related("assignee", "done_by")
        .order_by("done_at", "due_on", "-created_at")
    )


def merged_uuids(patient: Patient) -> list:
    """The record's public id and those of every record merged into it (recursively)."""
    uuids, frontier = [patient.public_id], [patient.pk]
    while frontier:
        rows = list(Patient.objects.filter(merged_into__in=frontier).values_list("pk", "public_id"))
        frontier = [pk for pk, _ in rows]
        uuids += [uuid for _, uuid in rows]
    return uuids


def access_log(patient: Patient) -> QuerySet[AuditEvent]:
    """Every audit event about the person: who read or changed what, and when."""
    return AuditEvent.objects.filter(patient_uuid__in=merged_uuids(patient)).order_by("-at", "-id")


def merges_of(patient: Patient) -> QuerySet[PatientMerge]:
    return (
        PatientMerge.objects.filter(Q(kept=patient) | Q(absorbed=patient))
        .select_related("kept", "absorbed", "merged_by", "undone_by")
        .order_by("-created_at")
    )


@dataclass
class CaseloadRow:
    membership: Membership
    active: int
    per_fte: Decimal | None


def caseload(network) -> list[CaseloadRow]:
    """Open enrolments led by each coordinator of the network, against their FTE."""
    memberships = (
        Membership.objects.filter(
            network=network, is_active=True, role__in=[Role.COORDINATOR, Role.MEDICAL_LEAD]
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    counts = dict(
        Enrolment.objects.filter(network=network, closed_on__isnull=True)
        .values_list("lead_coordinator")
        .annotate(n=Count("pk"))
        .values_list("lead_coordinator", "n")
    )
    rows = []
    for membership in memberships:
        active = counts.get(membership.user_id, 0)
        per_fte = (
            (Decimal(active) / membership.fte).quantize(Decimal("0.1")) if membership.fte else None
        )
        rows.append(CaseloadRow(membership, active, per_fte))
    return rows


def caseload_patients(network, coordinator) -> QuerySet[Patient]:
    return (
        Patient.objects.select_related("commune")
        .filter(
            network=network,
            merged_into__isnull=True,
            enrolments__closed_on__isnull=True,
            enrolments__lead_coordinator=coordinator,
        )
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related("lead_coordinator").order_by(
                    "-started_on"
                ),
                to_attr="enrolment_list",
            )
        )
    )


def patients_for_statistics(network) -> QuerySet[Patient]:
    """The network's records that may feed activity statistics: merged-away records and people
    who objected to statistical reuse (a current `reuse_objection`) are left out."""
    objected = Consent.objects.filter(
        patient=OuterRef("pk"), kind=ConsentKind.REUSE_OBJECTION, withdrawn_at__isnull=True
    )
    return Patient.objects.filter(network=network, merged_into__isnull=True).exclude(
        Exists(objected)
    )
