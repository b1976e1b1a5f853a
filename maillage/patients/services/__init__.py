"""Writes to the patient's record: atomic, audited. Import from `maillage.patients.services`."""

from maillage.patients.services.carers import carer_add, carer_end, carer_update
from maillage.patients.services.careteam import (
    care_team_member_add,
    care_team_member_end,
    care_team_member_update,
)
from maillage.patients.services.consent import consent_record, consent_withdraw
from maillage.patients.services.enrolment import enrolment_close, enrolment_open, enrolment_update
from maillage.patients.services.external import external_invitation_accept, external_invite
from maillage.patients.services.identity import patient_create, patient_update
from maillage.patients.services.journal import journal_entry_add, task_complete, task_create
from maillage.patients.services.merge import patient_merge, patient_merge_undo

__all__ = [
    "care_team_member_add",
    "care_team_member_end",
    "care_team_member_update",
    "carer_add",
    "carer_end",
    "carer_update",
    "consent_record",
    "consent_withdraw",
    "enrolment_close",
    "enrolment_open",
    "enrolment_update",
    "external_invitation_accept",
    "external_invite",
    "journal_entry_add",
    "patient_create",
    "patient_merge",
    "patient_merge_undo",
    "patient_update",
    "task_complete",
    "task_create",
]
