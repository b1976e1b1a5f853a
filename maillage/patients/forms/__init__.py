"""Forms of the patient's record (validation only). Import from `maillage.patients.forms`."""

from maillage.patients.forms.base import apply_service_errors
from maillage.patients.forms.careteam import (
    CareTeamEndForm,
    CareTeamMemberEditForm,
    CareTeamMemberForm,
    InvitationForm,
)
from maillage.patients.forms.identity import PatientCreateForm, PatientEditForm
from maillage.patients.forms.journal import (
    JournalEntryForm,
    MergeForm,
    PatientSearchForm,
    TaskForm,
)
from maillage.patients.forms.record import (
    CarerEditForm,
    CarerForm,
    ConsentForm,
    EndDateForm,
    EnrolmentCloseForm,
    EnrolmentEditForm,
    EnrolmentForm,
    WithdrawForm,
)

__all__ = [
    "CareTeamEndForm",
    "CareTeamMemberEditForm",
    "CareTeamMemberForm",
    "CarerEditForm",
    "CarerForm",
    "ConsentForm",
    "EndDateForm",
    "EnrolmentCloseForm",
    "EnrolmentEditForm",
    "EnrolmentForm",
    "InvitationForm",
    "JournalEntryForm",
    "MergeForm",
    "PatientCreateForm",
    "PatientEditForm",
    "PatientSearchForm",
    "TaskForm",
    "WithdrawForm",
    "apply_service_errors",
]
