"""Reads of the PPS: a version with its whole plan, the versions of a patient, differences."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from maillage.careplans.models import (
    EDITABLE_STATUSES,
    SECTIONS,
    PlanAction,
    PlanGoal,
    PlanProblem,
    Pps,
    PpsStatus,
    PpsVersion,
)


def pps_for_patient(patient) -> Pps | None:
    return (
        Pps.objects.filter(patient=patient, enrolment__closed_on__isnull=True)
        .select_related("enrolment")
        .first()
        or Pps.objects.filter(patient=patient).order_by("-created_at").first()
    )


def versions_of(pps: Pps) -> QuerySet[PpsVersion]:
    return pps.versions.select_related("author", "validated_by").order_by("-number")


def current_version(pps: Pps) -> PpsVersion | None:
    return pps.versions.filter(status=PpsStatus.VALIDATED).first()


def current_validated_pps_summary(patient) -> str | None:
    """One plain-French line for the hospital liaison sheet, or None without a validated PPS."""
    pps = pps_for_patient(patient)
    version = current_version(pps) if pps is not None else None
    if version is None:
        return None
    problems = ", ".join(
        version.problems.order_by("priority", "id").values_list("label", flat=True)
    )
    text = f"PPS version {version.number}"
    if version.validated_at:
        text += f" validé le {version.validated_at:%d/%m/%Y}"
    if version.review_due:
        text += f", réévaluation prévue le {version.review_due:%d/%m/%Y}"
    return text + (f". Problèmes suivis : {problems}." if problems else ".")


def open_draft(pps: Pps) -> PpsVersion | None:
    return pps.versions.filter(status__in=EDITABLE_STATUSES).first()


def plan_of(version: PpsVersion) -> list[PlanProblem]:
    """Problems → goals → actions (with who acts) in two queries per level at most."""
    actions = PlanAction.objects.select_related(
        "member__professional", "member__organisation", "member__external_user", "professional"
    )
    goals = PlanGoal.objects.prefetch_related(Prefetch("actions", queryset=actions))
    return list(version.problems.prefetch_related(Prefetch("goals", queryset=goals)))


def flat_actions(plan: list[PlanProblem]) -> list[PlanAction]:
    return [a for p in plan for g in p.goals.all() for a in g.actions.all()]


def reviews_due(network, *, within_days: int = 30) -> QuerySet[PpsVersion]:
    return reviews_due_by(network, timezone.localdate() + timezone.timedelta(days=within_days))


def reviews_due_by(network, limit) -> QuerySet[PpsVersion]:
    """Validated plans whose review falls on or before `limit` (a date, or a Param)."""
    return (
        PpsVersion.objects.filter(
            pps__network=network, status=PpsStatus.VALIDATED, review_due__lte=limit
        )
        .select_related("pps__patient")
        .order_by("review_due")
    )


# What the differences compare besides the plan: the editable sections, then the patient's answer.
SECTION_FIELDS = [
    *SECTIONS["meeting"],
    *SECTIONS["situation"],
    "patient_agreement",
    "patient_refused",
]


def _shown(version, name) -> str:
    value = getattr(version, name)
    field = PpsVersion._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value)) if value else "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value) if value not in (None, "") else "—"


def _plan_lines(version: PpsVersion) -> dict[str, str]:
    lines = {}
    for problem in plan_of(version):
        key = f"Problème : {problem.label}"
        lines[key] = problem.get_domain_display()
        for goal in problem.goals.all():
            lines[f"{key} › Objectif : {goal.text}"] = "présent"
            for action in goal.actions.all():
                lines[f"{key} › {goal.text} › Action : {action.what}"] = (
                    f"{action.get_kind_display()} ; {action.responsible_name} ; "
                    f"{action.frequency or '—'} ; {action.get_status_display()}"
                )
    for alert in version.alerts.all():
        lines[f"Alerte : {alert.situation}"] = f"{alert.who_to_call} {alert.phone}".strip()
    return lines


def versions_diff(old: PpsVersion, new: PpsVersion) -> list[dict[str, str]]:
    """What changed from `old` to `new`: sections, then plan lines added, removed or changed."""
    rows = []
    for name in SECTION_FIELDS:
        before, after = _shown(old, name), _shown(new, name)
        if before != after:
            label = str(PpsVersion._meta.get_field(name).verbose_name).capitalize()
            rows.append({"what": label, "before": before, "after": after, "change": "modifié"})
    a, b = _plan_lines(old), _plan_lines(new)
    for key in [*a.keys(), *[k for k in b if k not in a]]:
        if key not in b:
            rows.append({"what": key, "before": a[key], "after": "—", "change": "retiré"})
        elif key not in a:
            rows.append({"what": key, "before": "—", "after": b[key], "change": "ajouté"})
        elif a[key] != b[key]:
            rows.append({"what": key, "before": a[key], "after": b[key], "change": "modifié"})
    return rows
