"""Builders of PPS in each state through the real services (demo seed, tests, benchmark)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from maillage.careplans import services
from maillage.careplans.models import ActionKind, PpsVersion
from maillage.patients.models import CareTeamMember, Enrolment


def draft_with_plan(actor, patient, *, member: CareTeamMember, actions: int = 1) -> PpsVersion:
    enrolment = Enrolment.objects.get(patient=patient, closed_on__isnull=True)
    version = services.pps_start(actor=actor, enrolment=enrolment)
    problem = services.problem_add(
        actor=actor, version=version, domain="autonomy", label="Risque de chute", code="R29.6"
    )
    goal = services.goal_add(actor=actor, problem=problem, text="Éviter les chutes")
    for i in range(actions):
        services.action_add(
            actor=actor,
            goal=goal,
            data={
                "what": f"Kinésithérapie d'équilibre {i + 1}",
                "kind": ActionKind.PREVENTION,
                "member": member,
                "frequency": "2 fois par semaine",
                "start_on": timezone.localdate(),
                "end_on": timezone.localdate() + datetime.timedelta(days=90),
                "success_criteria": "Aucune chute en 3 mois",
            },
        )
    return version


def set_review(actor, version, days: int = 90) -> PpsVersion:
    return services.section_update(
        actor=actor,
        version=version,
        section="situation",
        expected_rev=version.rev_situation,
        data={
            "review_due": timezone.localdate() + datetime.timedelta(days=days),
            "preferences": "Rester chez elle",
        },
    )


def validated(actor, patient, *, member: CareTeamMember, actions: int = 1) -> PpsVersion:
    version = draft_with_plan(actor, patient, member=member, actions=actions)
    version = set_review(actor, version)
    version = services.version_submit(actor=actor, version=version)
    version = services.gp_agreement_record(
        actor=actor, version=version, agreed_on=timezone.localdate(), means="phone"
    )
    version = services.patient_agreement_record(
        actor=actor, version=version, agreement="agreed", agreed_on=timezone.localdate()
    )
    return services.version_validate(actor=actor, version=version)
