"""Demo data: a PPS in each state (draft, submitted, validated, validated with a revision in
progress) for the demo network's followed patients."""

from __future__ import annotations

from maillage.careplans import services
from maillage.careplans.builders import draft_with_plan, set_review, validated
from maillage.careplans.models import Pps
from maillage.careplans.seed_regional import seed_regional


def seed(ctx) -> None:
    if ctx.scale == "regional":
        return seed_regional(ctx)
    if ctx.scale != "demo" or Pps.objects.exists():
        return
    from maillage.patients.models import CareTeamMember, Enrolment

    enrolments = list(
        Enrolment.objects.filter(network=ctx.networks["main"], closed_on__isnull=True)
        .select_related("patient", "lead_coordinator")
        .order_by("pk")[:12]
    )
    made = []
    for enrolment in enrolments:
        member = (
            CareTeamMember.objects.filter(patient=enrolment.patient, ended_on__isnull=True)
            .order_by("role")
            .first()
        )
        gp = CareTeamMember.objects.filter(
            patient=enrolment.patient, role="gp", ended_on__isnull=True
        ).exists()
        if member is None or not gp:
            continue
        actor, patient, state = enrolment.lead_coordinator, enrolment.patient, len(made) % 4
        if state == 0:
            draft_with_plan(actor, patient, member=member, actions=3)
        elif state == 1:
            version = set_review(actor, draft_with_plan(actor, patient, member=member, actions=2))
            services.version_submit(actor=actor, version=version)
        else:
            version = validated(actor, patient, member=member, actions=4)
            if state == 3:
                draft = services.version_revise(actor=actor, pps=version.pps)
                services.problem_add(
                    actor=actor, version=draft, domain="nutrition", label="Risque de dénutrition"
                )
        made.append(patient)
        if len(made) == 8:
            break
    ctx.log(f"PPS : {len(made)} plans (brouillon, soumis, validé, en révision).")
