"""Who reaches a PPS. Staff: coordinators, the medical lead and the director of the patient's
network read it (reception does not); coordinators and the medical lead write drafts. External
care-team members read the current validated version only (and the submitted version when they
are the médecin traitant asked for agreement), only while the patient consents to sharing and
has not objected. Every refusal is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from maillage.accounts.models import Role
from maillage.careplans.models import PlanAction, PpsStatus, PpsVersion
from maillage.patients.models import Consent, ConsentKind
from maillage.patients.models.careteam import GP_ROLE
from maillage.patients.permissions import PatientAccess, get_patient_access

READ_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)
WRITE_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD)


@dataclass(frozen=True)
class PpsAccess:
    patient_access: PatientAccess

    @property
    def patient(self):
        return self.patient_access.patient

    @property
    def is_staff(self) -> bool:
        return self.patient_access.is_staff

    @property
    def can_edit(self) -> bool:
        return self.is_staff and self.patient_access.role in WRITE_ROLES

    @property
    def is_gp(self) -> bool:
        return not self.is_staff and any(m.role == GP_ROLE for m in self.patient_access.members)

    @property
    def member_ids(self) -> set[int]:
        return {m.pk for m in self.patient_access.members}

    def can_read_version(self, version: PpsVersion) -> bool:
        if self.is_staff:
            return True
        if version.status == PpsStatus.VALIDATED:
            return True
        return version.status == PpsStatus.SUBMITTED and self.is_gp

    def can_mark(self, action: PlanAction) -> bool:
        """Staff editors mark any action; an external member only their own."""
        if self.can_edit:
            return True
        return not self.is_staff and action.member_id in self.member_ids


def _sharing_consented(patient) -> bool:
    latest = (
        Consent.objects.filter(
            patient=patient,
            withdrawn_at__isnull=True,
            kind__in=[ConsentKind.SHARING, ConsentKind.OBJECTION],
        )
        .order_by("-created_at")
        .values_list("kind", flat=True)
        .first()
    )
    return latest == ConsentKind.SHARING


def get_pps_access(request, patient_public_id) -> PpsAccess:
    access = get_patient_access(request, patient_public_id)
    if access.is_staff:
        if access.role not in READ_ROLES:
            raise Http404
    elif not _sharing_consented(access.patient):
        raise Http404
    return PpsAccess(access)


def get_version_for_user(request, public_id) -> tuple[PpsVersion, PpsAccess]:
    version = (
        PpsVersion.objects.select_related("pps__patient", "pps__enrolment", "author", "based_on")
        .filter(public_id=public_id)
        .first()
    )
    if version is None:
        raise Http404
    access = get_pps_access(request, version.pps.patient.public_id)
    if not access.can_read_version(version):
        raise Http404
    return version, access


def get_action_for_user(request, public_id) -> tuple[PlanAction, PpsAccess]:
    action = (
        PlanAction.objects.select_related("goal__problem__version__pps__patient")
        .filter(public_id=public_id)
        .first()
    )
    if action is None:
        raise Http404
    version = action.goal.problem.version
    access = get_pps_access(request, version.pps.patient.public_id)
    if not access.can_read_version(version) or not access.can_mark(action):
        raise Http404
    return action, access
