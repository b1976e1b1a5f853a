"""Who may reach which patient record, and which parts of it.

Staff reach the records of their active network through their role (the matrix in
`maillage.access.matrix`); no "break-the-glass" is needed for them. External professionals reach
a record only while they are a current member of its care team, the patient has not objected
(globally or to them) and the enrolment is open, and only the categories of their membership.
Everything is computed at each request: leaving the team, an objection or a closure ends access
at the very next request. Refusals are 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from maillage.access.matrix import Category, can_read, can_write
from maillage.accounts.models import Role
from maillage.core.prepared import Param, Prepared
from maillage.patients.models import (
    CareTeamMember,
    Confidentiality,
    Consent,
    ConsentKind,
    ConsentScope,
    Enrolment,
    Patient,
)

# Staff roles that open patient records (the network administrator sees none).
PATIENT_STAFF_ROLES = (Role.RECEPTION, Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)
# "Médical uniquement" journal entries: the physicians of the network and of the care team.
MEDICAL_ONLY_ROLES = frozenset({"medical_lead", "gp", "specialist"})
# Roles that may merge records (with Membership.can_merge_identities).
MERGE_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR, Role.RECEPTION)
# Roles that may hand a person the full export of their record (they read every category).
EXPORT_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD)


@dataclass(frozen=True)
class PatientAccess:
    """What the current user may do with one patient record during this request."""

    user: object
    patient: Patient
    role: str
    is_staff: bool
    readable: frozenset = field(default_factory=frozenset)
    writable: frozenset = field(default_factory=frozenset)
    membership: object = None
    members: tuple = ()

    def can_read(self, category: Category | str) -> bool:
        return Category(category) in self.readable

    def can_write(self, category: Category | str) -> bool:
        return Category(category) in self.writable

    @property
    def can_read_journal(self) -> bool:
        return self.can_read(Category.SOCIAL) or self.can_read(Category.MEDICAL)

    @property
    def can_write_journal(self) -> bool:
        return self.can_write(Category.SOCIAL) or self.can_write(Category.MEDICAL)

    @property
    def can_manage_tasks(self) -> bool:
        return self.is_staff and self.role in (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)

    @property
    def can_merge(self) -> bool:
        return (
            self.is_staff
            and self.role in MERGE_ROLES
            and bool(getattr(self.membership, "can_merge_identities", False))
        )

    @property
    def can_export(self) -> bool:
        return self.is_staff and self.role in EXPORT_ROLES


def _member_match(user, prefix: str = "") -> Q:
    """Care-team rows that designate `user` (directly, or through their directory identity)."""
    return Q(**{f"{prefix}external_user": user}) | Q(
        **{f"{prefix}professional__external_profile__user": user}
    )


def current_members_for(user) -> QuerySet[CareTeamMember]:
    return CareTeamMember.objects.filter(_member_match(user), ended_on__isnull=True)


def _external_filter(user) -> Q:
    in_team = Exists(current_members_for(user).filter(patient=OuterRef("pk")))
    enrolled = Exists(Enrolment.objects.filter(patient=OuterRef("pk"), closed_on__isnull=True))
    objections = Consent.objects.filter(
        patient=OuterRef("pk"), kind=ConsentKind.OBJECTION, withdrawn_at__isnull=True
    )
    global_objection = Exists(objections.filter(scope=ConsentScope.ALL))
    aimed_at_user = Exists(
        objections.filter(scope=ConsentScope.MEMBERS).filter(_member_match(user, "members__"))
    )
    return in_team & enrolled & ~global_objection & ~aimed_at_user


def patients_visible_to(user, network=None, membership=None) -> QuerySet[Patient]:
    """Records (not merged away) the user may open: staff in `network` with a patient role,
    external professionals through their care teams. Anyone else: none."""
    base = Patient.objects.filter(merged_into__isnull=True)
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if user.is_staff_kind:
        if network is None or membership is None or membership.role not in PATIENT_STAFF_ROLES:
            return base.none()
        return base.filter(network=network)
    if user.is_external:
        return base.filter(_external_filter(user))
    return base.none()


# The record a staff member opens, on every page of it: compiled once (maillage.core.prepared).
_STAFF_PATIENT = Prepared(
    lambda: Patient.objects.select_related("commune").filter(
        network_id=Param("network", Patient, "network"),
        public_id=Param("public_id", Patient, "public_id"),
    )[:1]
)


def get_patient_access(request, public_id, *, allow_merged: bool = False) -> PatientAccess:
    """The record and what the user may do with it, or 404."""
    user = request.user
    if not user.is_authenticated or not user.is_verified():
        raise Http404
    if user.is_staff_kind:
        membership = getattr(request, "membership", None)
        if membership is None or membership.role not in PATIENT_STAFF_ROLES:
            raise Http404
        patient = _STAFF_PATIENT.first(network=request.network.pk, public_id=public_id)
        if patient is None or (patient.merged_into_id and not allow_merged):
            raise Http404
        patient.network = request.network  # the very row the filter matched, loaded this request
        role = membership.role
        readable = frozenset(c for c in Category if can_read(role, c))
        writable = frozenset(c for c in Category if can_write(role, c))
        return PatientAccess(user, patient, role, True, readable, writable, membership)
    if user.is_external:
        patient = (
            patients_visible_to(user)
            .select_related("network", "commune")
            .filter(public_id=public_id)
            .first()
        )
        if patient is None:
            raise Http404
        members = tuple(current_members_for(user).filter(patient=patient).order_by("pk"))
        readable, writable = set(), set()
        for member in members:
            allowed = {Category(c) for c in member.categories if c in set(Category)}
            readable |= {c for c in allowed if can_read(member.role, c)}
            writable |= {c for c in allowed if can_write(member.role, c)}
        role = members[0].role if members else ""
        return PatientAccess(
            user, patient, role, False, frozenset(readable), frozenset(writable), None, members
        )
    raise Http404


def require(condition: bool) -> None:
    if not condition:
        raise Http404


def journal_visibility_kind(access: PatientAccess) -> tuple[bool, bool]:
    """What journal_visibility depends on besides the user: (staff, reads medical entries)."""
    medical_roles = {access.role, *(m.role for m in access.members)}
    return access.is_staff, bool(medical_roles & MEDICAL_ONLY_ROLES)


def journal_visibility_of(kind: tuple[bool, bool], user) -> Q:
    """journal_visibility for a `journal_visibility_kind` and a user (or a `Param` of a
    compiled query standing for the user)."""
    is_staff, reads_medical = kind
    mine = Q(author=user)
    medical = Q(confidentiality=Confidentiality.MEDICAL) if reads_medical else Q(pk__in=[])
    if is_staff:
        return (
            Q(confidentiality__in=[Confidentiality.CARE_TEAM, Confidentiality.NETWORK_STAFF])
            | medical
            | mine
        )
    return Q(confidentiality=Confidentiality.CARE_TEAM) | medical | mine


def journal_visibility(access: PatientAccess) -> Q:
    """Which journal entries the user may read (on top of can_read_journal)."""
    return journal_visibility_of(journal_visibility_kind(access), access.user)


def can_view_access_log(access: PatientAccess, lead_coordinator_id: int | None) -> bool:
    """ "Qui a consulté ce dossier": the director and the patient's lead coordinator."""
    if not access.is_staff:
        return False
    return access.role == Role.DIRECTOR or access.user.pk == lead_coordinator_id
