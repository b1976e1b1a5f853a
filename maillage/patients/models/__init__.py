"""The patient's coordination record. Every record belongs to one network.

Split by theme: identity (Patient), consent, carers, care team, enrolment, journal and tasks,
merges. Import from `maillage.patients.models`.
"""

from maillage.patients.models.carers import Carer, CarerRelationship
from maillage.patients.models.careteam import CareTeamEndReason, CareTeamMember
from maillage.patients.models.consent import Consent, ConsentKind, ConsentMethod, ConsentScope
from maillage.patients.models.enrolment import ClosureReason, Enrolment
from maillage.patients.models.external import ExternalInvitation, ExternalProfile
from maillage.patients.models.identity import (
    IdentityDocument,
    IdentityStatus,
    LegalProtection,
    Patient,
    Sex,
)
from maillage.patients.models.journal import (
    CONTACT_KINDS,
    Confidentiality,
    JournalEntry,
    JournalKind,
    RuptureTag,
    Task,
    TaskPriority,
)
from maillage.patients.models.merge import PatientMerge

__all__ = [
    "CONTACT_KINDS",
    "CareTeamEndReason",
    "CareTeamMember",
    "Carer",
    "CarerRelationship",
    "ClosureReason",
    "Confidentiality",
    "Consent",
    "ConsentKind",
    "ConsentMethod",
    "ConsentScope",
    "Enrolment",
    "ExternalInvitation",
    "ExternalProfile",
    "IdentityDocument",
    "IdentityStatus",
    "JournalEntry",
    "JournalKind",
    "LegalProtection",
    "Patient",
    "PatientMerge",
    "RuptureTag",
    "Sex",
    "Task",
    "TaskPriority",
]
