"""The PPS tab of the patient's page, a version's page (read, and edit forms for a draft), and
the differences between two versions. Every read is audited."""

from __future__ import annotations

from django.http import Http404
from django.views.decorators.http import require_GET

from maillage.access.decorators import authenticated_view
from maillage.audit import record
from maillage.careplans import selectors
from maillage.careplans.forms import (
    ActionForm,
    AlertForm,
    GoalForm,
    GpRecordForm,
    MeetingForm,
    PatientAgreementForm,
    ProblemForm,
    TemplateForm,
)
from maillage.careplans.models import PpsStatus
from maillage.careplans.permissions import get_pps_access, get_version_for_user
from maillage.careplans.services import current_gp
from maillage.careplans.sources import assessment_problems
from maillage.patients.views.base import render_patient


def audit_pps_read(request, access, version=None, what="pps") -> None:
    record(
        "careplans.pps.viewed",
        request=request,
        network=access.patient.network,
        target=version or access.patient,
        patient=access.patient,
        details={"what": what, "version": version.number if version else None},
    )


@authenticated_view
@require_GET
def patient_pps(request, public_id):
    access = get_pps_access(request, public_id)
    pps = selectors.pps_for_patient(access.patient)
    current = selectors.current_version(pps) if pps else None
    draft = selectors.open_draft(pps) if pps and access.is_staff else None
    versions = list(selectors.versions_of(pps)) if pps and access.is_staff else []
    if not access.is_staff:
        versions = [current] if current else []
        if draft is None and pps:
            submitted = pps.versions.filter(status=PpsStatus.SUBMITTED).first()
            draft = submitted if submitted and access.is_gp else None
    audit_pps_read(request, access, current)
    from maillage.patients.selectors import open_enrolment

    return render_patient(
        request,
        access.patient_access,
        "pps",
        "careplans/patient_pps.html",
        {
            "pps": pps,
            "current": current,
            "draft": draft,
            "versions": versions,
            "pps_access": access,
            "can_start": access.can_edit and pps is None and open_enrolment(access.patient),
        },
    )


def detail_context(version, access, **overrides) -> dict:
    patient = access.patient
    plan = selectors.plan_of(version)
    ctx = {
        "version": version,
        "pps_access": access,
        "plan": plan,
        "alerts": list(version.alerts.all()),
        "editable": version.is_editable and access.can_edit,
        "gp": current_gp(patient),
        # An external member's own actions, listed apart (issue: "their own actions").
        "my_actions": []
        if access.is_staff
        else [a for a in selectors.flat_actions(plan) if a.member_id in access.member_ids],
        "has_proposals": False,
        "documents": list(version.documents.select_related("generated_by").defer("content")[:10])
        if access.is_staff
        else [],
        "others": list(version.pps.versions.exclude(pk=version.pk).order_by("-number"))
        if access.is_staff
        else [],
    }
    if ctx["editable"]:
        ctx.update(
            meeting_form=MeetingForm(
                initial={
                    "rev": version.rev_meeting,
                    "meeting_kind": version.meeting_kind,
                    "meeting_date": version.meeting_date,
                    "participants": version.participants,
                }
            ),
            situation_form=_situation_form(version),
            problem_form=ProblemForm(),
            goal_form=GoalForm(version=version),
            action_form=ActionForm(patient=patient, version=version),
            alert_form=AlertForm(),
            template_form=TemplateForm(patient=patient),
            gp_form=GpRecordForm(prefix="gp"),
            patient_form=PatientAgreementForm(),
            has_proposals=bool(assessment_problems(patient)),
        )
    ctx.update(overrides)
    return ctx


def _situation_form(version):
    from maillage.careplans.forms import SituationForm
    from maillage.careplans.services import SECTIONS

    initial = {name: getattr(version, name) for name in SECTIONS["situation"]}
    return SituationForm(initial={"rev": version.rev_situation, **initial})


def render_detail(request, version, access, status=200, **overrides):
    return render_patient(
        request,
        access.patient_access,
        "pps",
        "careplans/version_detail.html",
        detail_context(version, access, **overrides),
        status=status,
    )


@authenticated_view
@require_GET
def version_detail(request, public_id):
    version, access = get_version_for_user(request, public_id)
    audit_pps_read(request, access, version)
    return render_detail(request, version, access)


@authenticated_view
@require_GET
def version_diff(request, public_id):
    version, access = get_version_for_user(request, public_id)
    if not access.is_staff:
        raise Http404
    other_id = request.GET.get("avec") or (
        str(version.based_on.public_id) if version.based_on_id else ""
    )
    other = version.pps.versions.filter(public_id=other_id).first() if other_id else None
    if other is None:
        raise Http404
    old, new = sorted([other, version], key=lambda v: v.number)
    audit_pps_read(request, access, version, what="diff")
    return render_patient(
        request,
        access.patient_access,
        "pps",
        "careplans/diff.html",
        {"old": old, "new": new, "rows": selectors.versions_diff(old, new), "version": version},
    )
