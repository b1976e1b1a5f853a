"""Who reaches which record: staff by network and role, externals through the care team only."""

import pytest
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.patients import services
from maillage.patients.models import ConsentKind, ConsentScope
from maillage.patients.permissions import patients_visible_to
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    EnrolmentFactory,
    ExternalProfileFactory,
    ExternalUserFactory,
    PatientFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def visible(user):
    return set(patients_visible_to(user))


def test_an_external_sees_only_patients_whose_current_team_includes_them(
    external_in_team, followed_patient, network
):
    other = PatientFactory(network=network)
    EnrolmentFactory(patient=other)
    CareTeamMemberFactory(patient=other, role="gp")
    assert visible(external_in_team) == {followed_patient}


def test_an_external_without_team_sees_nothing(external_outside, followed_patient):
    assert visible(external_outside) == set()


def test_a_global_objection_ends_access_at_once(external_in_team, followed_patient, coordinator):
    consent = services.consent_record(
        actor=coordinator,
        patient=followed_patient,
        kind=ConsentKind.OBJECTION,
        method="oral",
        given_on=TODAY(),
    )
    assert visible(external_in_team) == set()
    services.consent_withdraw(actor=coordinator, consent=consent)
    assert visible(external_in_team) == {followed_patient}


def test_an_objection_aimed_at_the_professional_ends_their_access_only(
    external_in_team, followed_patient, coordinator
):
    nurse = ExternalProfileFactory()
    nurse_member = CareTeamMemberFactory(
        patient=followed_patient, role="nurse", professional=nurse.professional
    )
    gp_member = followed_patient.care_team.get(role="gp")
    services.consent_record(
        actor=coordinator,
        patient=followed_patient,
        kind=ConsentKind.OBJECTION,
        method="oral",
        given_on=TODAY(),
        scope=ConsentScope.MEMBERS,
        members=[gp_member],
    )
    assert visible(external_in_team) == set()
    assert visible(nurse.user) == {followed_patient}
    assert nurse_member.objections.count() == 0


def test_an_objection_follows_the_professional_if_they_rejoin(
    external_in_team, followed_patient, coordinator
):
    gp_member = followed_patient.care_team.get(role="gp")
    services.consent_record(
        actor=coordinator,
        patient=followed_patient,
        kind=ConsentKind.OBJECTION,
        method="oral",
        given_on=TODAY(),
        scope=ConsentScope.MEMBERS,
        members=[gp_member],
    )
    services.care_team_member_end(
        actor=coordinator,
        member=gp_member,
        ended_on=TODAY(),
        end_reason="care_ended",
        expected_version=gp_member.version,
    )
    CareTeamMemberFactory(patient=followed_patient, role="gp", professional=gp_member.professional)
    assert visible(external_in_team) == set()


def test_leaving_the_team_or_closing_the_enrolment_ends_access(
    external_in_team, followed_patient, coordinator
):
    member = followed_patient.care_team.get()
    services.care_team_member_end(
        actor=coordinator,
        member=member,
        ended_on=TODAY(),
        end_reason="care_ended",
        expected_version=member.version,
    )
    assert visible(external_in_team) == set()
    CareTeamMemberFactory(patient=followed_patient, role="gp", professional=member.professional)
    assert visible(external_in_team) == {followed_patient}
    enrolment = followed_patient.enrolments.get()
    services.enrolment_close(
        actor=coordinator,
        enrolment=enrolment,
        closed_on=TODAY(),
        closed_reason="stabilised",
        expected_version=enrolment.version,
    )
    assert visible(external_in_team) == set()


def test_an_external_user_linked_directly_sees_the_record(followed_patient):
    user = ExternalUserFactory()
    CareTeamMemberFactory(
        patient=followed_patient, role="social_worker", professional=None, external_user=user
    )
    assert visible(user) == {followed_patient}


def test_staff_see_their_network_only_and_the_network_admin_sees_none(
    followed_patient, coordinator, network_admin, coordinator_other_network, other_network
):
    PatientFactory(network=other_network)
    coordinator_membership = coordinator.memberships.get()
    assert set(
        patients_visible_to(coordinator, coordinator_membership.network, coordinator_membership)
    ) == {followed_patient}
    admin_membership = network_admin.memberships.get()
    assert not patients_visible_to(network_admin, admin_membership.network, admin_membership)
    other = coordinator_other_network.memberships.get()
    assert followed_patient not in patients_visible_to(
        coordinator_other_network, other.network, other
    )
    assert other.role == Role.COORDINATOR


def test_merged_records_are_hidden(network, followed_patient, coordinator):
    membership = coordinator.memberships.get()
    absorbed = PatientFactory(network=network)
    absorbed.merged_into = followed_patient
    absorbed.merged_at = timezone.now()
    absorbed.save()
    assert absorbed not in patients_visible_to(coordinator, network, membership)


def test_statistics_leave_out_reuse_objections(network, followed_patient, coordinator):
    from maillage.patients.selectors import patients_for_statistics

    other = PatientFactory(network=network)
    consent = services.consent_record(
        actor=coordinator,
        patient=other,
        kind=ConsentKind.REUSE_OBJECTION,
        method="oral",
        given_on=TODAY(),
    )
    assert set(patients_for_statistics(network)) == {followed_patient}
    services.consent_withdraw(actor=coordinator, consent=consent)
    assert set(patients_for_statistics(network)) == {followed_patient, other}
