"""Query counts of every PPS page and download: bounded, and the same for a one-action plan
and for a plan of 49 actions in 13 problems with three versions and kept documents (no N+1)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.careplans import services
from maillage.careplans.documents import generate_and_keep
from maillage.careplans.models import ActionKind, DocumentKind
from maillage.careplans.tests.factories import draft_with_plan, set_review
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    ConsentFactory,
    EnrolmentFactory,
    PatientFactory,
)

pytestmark = pytest.mark.django_db

# Measured on SQLite and PostgreSQL, plus a small margin; a growth with the plan's size fails
# the equality below before these bounds.
BOUNDS = {
    "tab": 22,
    "tab_gp": 22,
    "current": 26,
    "current_gp": 26,
    "editor": 34,
    "editor_refusal": 33,
    "diff": 29,
    "pdf": 22,
    "pdf_patient": 22,
    "fhir": 19,
}


def _grow(actor, version, member, problems: int) -> None:
    for p in range(problems):
        problem = services.problem_add(
            actor=actor, version=version, domain="pain", label=f"Problème {p}"
        )
        for g in range(2):
            goal = services.goal_add(actor=actor, problem=problem, text=f"Objectif {p}.{g}")
            for a in range(2):
                services.action_add(
                    actor=actor,
                    goal=goal,
                    data={"what": f"Action {p}.{g}.{a}", "kind": ActionKind.CARE, "member": member},
                )
        services.alert_add(
            actor=actor, version=version, situation=f"Situation {p}", who_to_call="Médecin traitant"
        )


def _validate(actor, version):
    version = services.version_submit(actor=actor, version=set_review(actor, version))
    today = timezone.localdate()
    services.gp_agreement_record(actor=actor, version=version, agreed_on=today, means="phone")
    services.patient_agreement_record(
        actor=actor, version=version, agreement="agreed", agreed_on=today
    )
    return services.version_validate(actor=actor, version=version)


def _scenario(coordinator, patient, member, *, problems: int, revisions: int):
    """A validated version (`revisions` earlier ones superseded) and an open draft from it."""
    current = _validate(coordinator, draft_with_plan(coordinator, patient, member=member))
    for _ in range(revisions):
        draft = services.version_revise(actor=coordinator, pps=current.pps)
        _grow(coordinator, draft, member, problems)
        current = _validate(coordinator, draft)
    for kind in (DocumentKind.PPS, DocumentKind.PATIENT):
        for _ in range(revisions + 1):
            generate_and_keep(current, kind, user=coordinator)
    draft = services.version_revise(actor=coordinator, pps=current.pps)
    return current, draft


def _counts(assert_max, clients, patient, current, draft) -> dict[str, int]:
    staff, gp = clients
    requests = {
        "tab": (staff.get, reverse("careplans:patient_pps", args=[patient.public_id])),
        "tab_gp": (gp.get, reverse("careplans:patient_pps", args=[patient.public_id])),
        "current": (staff.get, reverse("careplans:version", args=[current.public_id])),
        "current_gp": (gp.get, reverse("careplans:version", args=[current.public_id])),
        "editor": (staff.get, reverse("careplans:version", args=[draft.public_id])),
        "editor_refusal": (
            lambda url: staff.post(url, {"domain": "", "label": ""}),
            reverse("careplans:problem_add", args=[draft.public_id]),
        ),
        "diff": (staff.get, reverse("careplans:diff", args=[draft.public_id])),
        "pdf": (staff.get, reverse("careplans:pdf", args=[current.public_id, "pps"])),
        "pdf_patient": (staff.get, reverse("careplans:pdf", args=[current.public_id, "patient"])),
        "fhir": (staff.get, reverse("careplans:fhir", args=[current.public_id])),
    }
    counts = {}
    for name, (call, url) in requests.items():
        with assert_max(BOUNDS[name]) as queries:
            response = call(url)
        assert response.status_code in (200, 400), (name, response.status_code)
        counts[name] = len(queries)
    return counts


def test_every_pps_view_has_a_bounded_query_count_that_does_not_grow_with_the_plan(
    client_for,
    coordinator,
    external_in_team,
    followed_patient,
    gp_member,
    django_assert_max_num_queries,
):
    clients = (client_for(coordinator), client_for(external_in_team))
    small = _counts(
        django_assert_max_num_queries,
        clients,
        followed_patient,
        *_scenario(coordinator, followed_patient, gp_member, problems=0, revisions=0),
    )
    # The same GP follows a second patient whose PPS has 49 actions and three versions.
    other = PatientFactory(network=followed_patient.network)
    EnrolmentFactory(patient=other, lead_coordinator=coordinator)
    ConsentFactory(patient=other, recorded_by=coordinator)
    member = CareTeamMemberFactory(patient=other, role="gp", professional=gp_member.professional)
    big = _counts(
        django_assert_max_num_queries,
        clients,
        other,
        *_scenario(coordinator, other, member, problems=6, revisions=2),
    )
    assert big == small
