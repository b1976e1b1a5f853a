"""The PPS rules, through the real services and database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.careplans import services
from maillage.careplans.models import ActionStatus, PlanAction, PpsStatus, PpsVersion
from maillage.careplans.selectors import versions_diff
from maillage.careplans.tests.factories import draft_with_plan, set_review, validated
from maillage.patients.models import JournalEntry, Task
from maillage.patients.permissions import PatientAccess
from maillage.patients.tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _submitted(coordinator, patient, member):
    version = set_review(coordinator, draft_with_plan(coordinator, patient, member=member))
    return services.version_submit(actor=coordinator, version=version)


def test_it_validates_with_the_gp_agreement_and_creates_the_review_task(
    coordinator, followed_patient, gp_member
):
    version = validated(coordinator, followed_patient, member=gp_member)
    assert version.status == PpsStatus.VALIDATED
    assert version.gp_agreement_role == "gp"
    task = Task.objects.get(origin="careplans.pps.review", patient=followed_patient)
    assert task.due_on == version.review_due and task.assignee == coordinator
    assert AuditEvent.objects.filter(action="careplans.pps.validated").count() == 1
    # The validation shows on the timeline as an automatic entry.
    entry = JournalEntry.objects.get(source="careplans.pps", patient=followed_patient)
    assert entry.kind == "event" and entry.source_uuid == version.public_id
    assert entry.body.startswith(f"PPS version {version.number} validé")


def test_it_refuses_validation_without_a_review_date(coordinator, followed_patient, gp_member):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    version = services.version_submit(actor=coordinator, version=version)
    services.gp_agreement_record(
        actor=coordinator, version=version, agreed_on=TODAY(), means="phone"
    )
    services.patient_agreement_record(
        actor=coordinator, version=version, agreement="agreed", agreed_on=TODAY()
    )
    with pytest.raises(ValidationError, match="date de réévaluation"):
        services.version_validate(actor=coordinator, version=version)
    assert PpsVersion.objects.get(pk=version.pk).status == PpsStatus.SUBMITTED
    assert not Task.objects.filter(origin="careplans.pps.review").exists()


def test_it_refuses_validation_without_the_gp_agreement(coordinator, followed_patient, gp_member):
    version = _submitted(coordinator, followed_patient, gp_member)
    services.patient_agreement_record(
        actor=coordinator, version=version, agreement="agreed", agreed_on=TODAY()
    )
    with pytest.raises(ValidationError, match="médecin traitant"):
        services.version_validate(actor=coordinator, version=version)
    assert PpsVersion.objects.get(pk=version.pk).status == PpsStatus.SUBMITTED


def test_a_refusal_needs_what_was_refused(coordinator, followed_patient, gp_member):
    version = _submitted(coordinator, followed_patient, gp_member)
    with pytest.raises(ValidationError) as exc:
        services.patient_agreement_record(
            actor=coordinator, version=version, agreement="partial", agreed_on=TODAY()
        )
    assert "refused" in exc.value.error_dict


def test_only_the_gp_gives_the_agreement_from_an_account(
    coordinator, medical_lead, followed_patient, gp_member, external_in_team
):
    version = _submitted(coordinator, followed_patient, gp_member)
    staff = PatientAccess(medical_lead, followed_patient, "medical_lead", True)
    with pytest.raises(ValidationError, match="Seul le médecin traitant"):
        services.gp_agreement_give(actor=medical_lead, version=version, access=staff)
    gp_access = PatientAccess(external_in_team, followed_patient, "gp", False, members=(gp_member,))
    version = services.gp_agreement_give(actor=external_in_team, version=version, access=gp_access)
    assert version.gp_agreed_user == external_in_team and version.gp_agreement_means == "account"


def test_without_a_gp_the_medical_lead_agrees(coordinator, medical_lead, followed_patient):
    member = services.current_gp(followed_patient)
    assert member is None
    from maillage.patients.tests.factories import CareTeamMemberFactory

    nurse = CareTeamMemberFactory(patient=followed_patient, role="nurse")
    version = _submitted(coordinator, followed_patient, nurse)
    lead_access = PatientAccess(medical_lead, followed_patient, "medical_lead", True)
    version = services.gp_agreement_give(actor=medical_lead, version=version, access=lead_access)
    assert version.gp_agreement_role == "medical_lead"


def test_an_action_needs_someone_responsible_and_an_end_after_its_start(
    coordinator, followed_patient, gp_member
):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    goal = version.problems.get().goals.get()
    with pytest.raises(ValidationError) as exc:
        services.action_add(actor=coordinator, goal=goal, data={"what": "Visite", "kind": "care"})
    assert "member" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.action_add(
            actor=coordinator,
            goal=goal,
            data={
                "what": "Visite",
                "kind": "care",
                "member": gp_member,
                "start_on": TODAY(),
                "end_on": TODAY() - datetime.timedelta(days=1),
            },
        )
    assert "end_on" in exc.value.error_dict
    assert PlanAction.objects.count() == 1


def test_a_directory_professional_may_act(coordinator, followed_patient, gp_member):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    goal = version.problems.get().goals.get()
    action = services.action_add(
        actor=coordinator,
        goal=goal,
        data={"what": "Bilan", "kind": "care", "professional": ProfessionalFactory()},
    )
    assert action.responsible_name


def test_a_validated_version_refuses_every_change(coordinator, followed_patient, gp_member):
    version = validated(coordinator, followed_patient, member=gp_member)
    with pytest.raises(ValidationError, match="validée"):
        services.problem_add(actor=coordinator, version=version, domain="pain", label="Douleur")
    with pytest.raises(ValidationError, match="validée"):
        services.section_update(
            actor=coordinator,
            version=version,
            section="situation",
            expected_rev=version.rev_situation,
            data={"preferences": "autre"},
        )
    assert version.problems.count() == 1


def test_the_database_refuses_changes_to_a_validated_version(
    coordinator, followed_patient, gp_member
):
    version = validated(coordinator, followed_patient, member=gp_member)
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 (SQLite/PG differ)
        PpsVersion.objects.filter(pk=version.pk).update(preferences="forgé")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017
        PlanAction.objects.filter(goal__problem__version=version).update(what="forgé")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017
        version.problems.all().delete()
    version.refresh_from_db()
    assert version.preferences == "Rester chez elle"
    # The status of an action may still change (the care team marks it done).
    PlanAction.objects.filter(goal__problem__version=version).update(status="done")
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_revision_copies_the_plan_and_supersedes_on_validation(
    coordinator, followed_patient, gp_member
):
    v1 = validated(coordinator, followed_patient, member=gp_member)
    v2 = services.version_revise(actor=coordinator, pps=v1.pps)
    assert v2.number == 2 and v2.based_on == v1 and v2.status == PpsStatus.DRAFT
    assert PlanAction.objects.filter(goal__problem__version=v2).count() == 1
    v1.refresh_from_db()
    assert v1.status == PpsStatus.VALIDATED  # still current while the revision is drafted
    services.problem_add(actor=coordinator, version=v2, domain="nutrition", label="Dénutrition")
    rows = versions_diff(v1, v2)
    assert any(r["change"] == "ajouté" and "Dénutrition" in r["what"] for r in rows)
    v2 = set_review(coordinator, v2, days=120)
    v2 = services.version_submit(actor=coordinator, version=v2)
    services.gp_agreement_record(actor=coordinator, version=v2, agreed_on=TODAY(), means="mail")
    services.patient_agreement_record(
        actor=coordinator, version=v2, agreement="agreed", agreed_on=TODAY()
    )
    services.version_validate(actor=coordinator, version=v2)
    v1.refresh_from_db()
    assert v1.status == PpsStatus.SUPERSEDED
    # Validating the revision is the re-evaluation: v1's review task is done, v2's is open.
    tasks = Task.objects.filter(origin="careplans.pps.review", patient=followed_patient)
    assert tasks.get(source_uuid=v1.public_id).done_at is not None
    assert tasks.get(source_uuid=v2.public_id).done_at is None


def test_an_action_status_change_is_written_to_the_journal(
    coordinator, followed_patient, gp_member
):
    version = validated(coordinator, followed_patient, member=gp_member)
    action = PlanAction.objects.get(goal__problem__version=version)
    services.action_status_set(
        actor=coordinator, action=action, status=ActionStatus.DONE, expected_row_version=1
    )
    entry = JournalEntry.objects.get(source="careplans.action")
    assert "Réalisée" in entry.body and entry.source_uuid == action.public_id
    with pytest.raises(ValidationError, match="pourquoi"):
        services.action_status_set(
            actor=coordinator, action=action, status="abandoned", expected_row_version=2
        )


def test_two_people_editing_the_same_section_never_lose_work(
    coordinator, medical_lead, followed_patient, gp_member
):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    rev = version.rev_situation
    services.section_update(
        actor=coordinator,
        version=version,
        section="situation",
        expected_rev=rev,
        data={"preferences": "Rester à domicile"},
    )
    with pytest.raises(services.SectionConflict) as conflict:
        services.section_update(
            actor=medical_lead,
            version=version,
            section="situation",
            expected_rev=rev,
            data={"preferences": "Aller en EHPAD"},
        )
    assert conflict.value.rows[0]["saved"] == "Rester à domicile"
    # The other section stays independent.
    services.section_update(
        actor=medical_lead,
        version=version,
        section="meeting",
        expected_rev=version.rev_meeting,
        data={"participants": "IDE, MT"},
    )
    version.refresh_from_db()
    assert version.preferences == "Rester à domicile" and version.participants == "IDE, MT"


def test_a_template_proposes_problems_goals_and_actions(coordinator, followed_patient, gp_member):
    from maillage.patients.models import Enrolment

    version = services.pps_start(
        actor=coordinator, enrolment=Enrolment.objects.get(patient=followed_patient)
    )
    count = services.template_apply(
        actor=coordinator, version=version, key="age_fragile", responsible=gp_member
    )
    assert count == 4 and version.problems.count() == 2


def test_a_validated_version_needs_its_agreements_in_the_database(
    coordinator, followed_patient, gp_member
):
    version = draft_with_plan(coordinator, followed_patient, member=gp_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        PpsVersion.objects.filter(pk=version.pk).update(status="validated")
