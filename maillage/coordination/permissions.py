"""Who may use the coordination features of a patient's record, and read its files."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from maillage.accounts.models import Membership, Role
from maillage.patients.models import CareTeamMember, JournalEntry
from maillage.patients.permissions import (
    MEDICAL_ONLY_ROLES,
    PATIENT_STAFF_ROLES,
    PatientAccess,
    current_members_for,
    patients_visible_to,
)

THREAD_STAFF_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)
STAY_STAFF_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)
STAY_EXTERNAL_ROLES = frozenset({"hospital", "social_worker"})


def can_use_thread(access: PatientAccess) -> bool:
    if access.is_staff:
        return access.role in THREAD_STAFF_ROLES
    return access.can_read_journal


def can_record_stay(access: PatientAccess) -> bool:
    if access.is_staff:
        return access.role in STAY_STAFF_ROLES
    return bool({m.role for m in access.members} & STAY_EXTERNAL_ROLES)


def can_read_stays(access: PatientAccess) -> bool:
    return can_record_stay(access) or access.can_read_journal


def thread_participants(patient) -> list:
    """Who is told of a new message: network staff who wrote in the thread or lead the
    follow-up, and the care-team members with a login."""
    User = get_user_model()
    members = CareTeamMember.objects.filter(patient=patient, ended_on__isnull=True)
    return list(
        User.objects.filter(
            Q(pk__in=members.values("external_user"))
            | Q(pk__in=members.values("professional__external_profile__user"))
            | Q(pk__in=patient.enrolments.filter(closed_on__isnull=True).values("lead_coordinator"))
            | Q(pk__in=patient.messages.values("author"))
        ).distinct()
    )


def _staff_member_of(user, network_id) -> Membership | None:
    return (
        Membership.objects.filter(
            user=user, network_id=network_id, is_active=True, role__in=PATIENT_STAFF_ROLES
        )
        .only("role")
        .first()
    )


def can_read_entry_file(user, public_id) -> bool:
    """A file attached to a journal entry: whoever may read that entry."""
    entry = (
        JournalEntry.objects.filter(public_id=public_id)
        .only("patient_id", "network_id", "confidentiality", "author_id")
        .first()
    )
    if entry is None or not user.is_authenticated:
        return False
    if entry.author_id == user.pk:
        return True
    if user.is_staff_kind:
        membership = _staff_member_of(user, entry.network_id)
        if membership is None:
            return False
        if entry.confidentiality == "medical":
            return membership.role in MEDICAL_ONLY_ROLES
        return True
    if not patients_visible_to(user).filter(pk=entry.patient_id).exists():
        return False
    roles = set(
        current_members_for(user).filter(patient_id=entry.patient_id).values_list("role", flat=True)
    )
    if entry.confidentiality == "care_team":
        return True
    return entry.confidentiality == "medical" and bool(roles & MEDICAL_ONLY_ROLES)


def can_read_message_file(user, public_id) -> bool:
    from maillage.coordination.models import Message

    message = Message.objects.filter(public_id=public_id).only("patient_id", "network_id").first()
    if message is None or not user.is_authenticated:
        return False
    if user.is_staff_kind:
        membership = _staff_member_of(user, message.network_id)
        return membership is not None and membership.role in THREAD_STAFF_ROLES
    return patients_visible_to(user).filter(pk=message.patient_id).exists()
