"""Who may read and write assessments.

Reading follows the patient record's access (`patients.permissions.get_patient_access`): the
medical category of the matrix (the director does not read it; an external care-team member
reads it when their role and membership categories allow it, while the patient has not
objected). Writing is for the network's coordinators and medical lead only.
"""

from __future__ import annotations

from django.http import Http404

from maillage.access.matrix import Category
from maillage.accounts.models import Role
from maillage.assessments.models import Assessment, InstrumentResult
from maillage.patients.permissions import PatientAccess, get_patient_access

WRITER_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD)
CATALOGUE_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.NETWORK_ADMIN)


def can_read_assessments(access: PatientAccess) -> bool:
    return access.can_read(Category.MEDICAL)


def can_write_assessments(access: PatientAccess) -> bool:
    return access.is_staff and access.role in WRITER_ROLES and access.can_write(Category.MEDICAL)


def get_assessment_for_user(request, public_id, *, write: bool = False):
    """(access, assessment) or 404: the assessment's patient must be reachable by the user."""
    row = (
        Assessment.objects.filter(public_id=public_id)
        .values_list("patient__public_id", flat=True)
        .first()
    )
    if row is None:
        raise Http404
    access = get_patient_access(request, row)
    allowed = can_write_assessments(access) if write else can_read_assessments(access)
    if not allowed:
        raise Http404
    assessment = (
        Assessment.objects.select_related("author", "signed_by")
        .filter(public_id=public_id, patient=access.patient)
        .first()
    )
    if assessment is None:
        raise Http404
    return access, assessment


def get_result_for_user(request, public_id, *, write: bool = False):
    row = (
        InstrumentResult.objects.filter(public_id=public_id)
        .values_list("patient__public_id", flat=True)
        .first()
    )
    if row is None:
        raise Http404
    access = get_patient_access(request, row)
    allowed = can_write_assessments(access) if write else can_read_assessments(access)
    if not allowed:
        raise Http404
    result = (
        InstrumentResult.objects.select_related("assessment", "signed_by", "author")
        .filter(public_id=public_id, patient=access.patient)
        .first()
    )
    if result is None:
        raise Http404
    return access, result
