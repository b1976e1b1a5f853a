"""Writes of the PPS (see drafting and lifecycle)."""

from maillage.careplans.services.drafting import (
    FROZEN_MESSAGE,
    SECTIONS,
    SectionConflict,
    action_add,
    alert_add,
    goal_add,
    header_snapshot,
    pps_start,
    problem_add,
    problems_import,
    section_update,
    template_apply,
)
from maillage.careplans.services.lifecycle import (
    action_status_set,
    current_gp,
    gp_agreement_give,
    gp_agreement_record,
    patient_agreement_record,
    version_revise,
    version_submit,
    version_validate,
)

__all__ = [
    "FROZEN_MESSAGE",
    "SECTIONS",
    "SectionConflict",
    "action_add",
    "action_status_set",
    "alert_add",
    "current_gp",
    "goal_add",
    "gp_agreement_give",
    "gp_agreement_record",
    "header_snapshot",
    "patient_agreement_record",
    "pps_start",
    "problem_add",
    "problems_import",
    "section_update",
    "template_apply",
    "version_revise",
    "version_submit",
    "version_validate",
]
