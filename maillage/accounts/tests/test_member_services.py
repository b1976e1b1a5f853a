"""Membership management services: only the network's administrator, never on their own
membership, always audited."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.accounts import services
from maillage.accounts.models import Membership, Role, UserKind
from maillage.accounts.tests.factories import MembershipFactory, UserFactory
from maillage.audit.models import AuditEvent


def _add(actor, network, **overrides):
    data = {
        "email": "Nouvelle.Personne@Maillage.example",
        "first_name": "Inès",
        "last_name": "Martin",
        "role": Role.COORDINATOR,
        "profession": "Infirmière",
        "fte": "0.8",
    }
    return services.member_add(actor=actor, network=network, **{**data, **overrides})


def test_it_adds_a_new_member_and_sends_an_invitation(network_admin, network):
    membership = _add(network_admin, network)
    user = membership.user
    assert user.email == "nouvelle.personne@maillage.example"
    assert user.kind == UserKind.STAFF
    assert not user.has_usable_password()
    membership.refresh_from_db()
    assert (membership.network, membership.role, membership.fte) == (
        network,
        "coordinator",
        Decimal("0.80"),
    )
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "/compte/invitation/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="accounts.membership.created")
    assert event.actor_uuid == network_admin.public_id
    assert event.network_uuid == network.public_id
    assert event.details == {"role": "coordinator", "new_account": True}


def test_it_adds_an_existing_staff_user_without_invitation(network_admin, network, other_network):
    colleague = MembershipFactory(network=other_network).user
    membership = _add(network_admin, network, email=colleague.email)
    assert membership.user == colleague
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["director", "coordinator", "coordinator_other_network"])
def test_nobody_gives_a_role_in_a_network_they_do_not_administer(request, persona, network):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        _add(actor, network, role=Role.NETWORK_ADMIN)
    assert not Membership.objects.filter(user__email="nouvelle.personne@maillage.example").exists()


def test_an_admin_of_another_network_cannot_add_here(network, other_network):
    admin_elsewhere = MembershipFactory(network=other_network, role=Role.NETWORK_ADMIN).user
    with pytest.raises(PermissionDenied):
        _add(admin_elsewhere, network)


def test_it_refuses_an_external_professional_address(network_admin, network):
    external = UserFactory(kind=UserKind.EXTERNAL)
    with pytest.raises(ValidationError) as info:
        _add(network_admin, network, email=external.email)
    assert "professionnel extérieur" in str(info.value)
    assert not external.memberships.exists()


def test_it_refuses_a_second_active_membership(network_admin, network, coordinator):
    with pytest.raises(ValidationError, match="déjà membre"):
        _add(network_admin, network, email=coordinator.email)


def test_it_refuses_an_unknown_role(network_admin, network):
    with pytest.raises(ValidationError):
        _add(network_admin, network, role="superuser")


def test_a_network_admin_cannot_change_their_own_role(network_admin):
    own = network_admin.memberships.get()
    with pytest.raises(PermissionDenied, match="propre rôle"):
        services.membership_set_role(actor=network_admin, membership=own, role=Role.DIRECTOR)
    own.refresh_from_db()
    assert own.role == Role.NETWORK_ADMIN


def test_it_changes_a_role_and_records_it(network_admin, coordinator):
    membership = coordinator.memberships.get()
    services.membership_set_role(actor=network_admin, membership=membership, role=Role.MEDICAL_LEAD)
    membership.refresh_from_db()
    assert membership.role == Role.MEDICAL_LEAD
    event = AuditEvent.objects.get(action="accounts.membership.role_changed")
    assert event.details["from"] == "coordinator" and event.details["to"] == "medical_lead"


def test_an_admin_of_another_network_cannot_change_a_role_here(coordinator, other_network):
    admin_elsewhere = MembershipFactory(network=other_network, role=Role.NETWORK_ADMIN).user
    membership = coordinator.memberships.get()
    with pytest.raises(PermissionDenied):
        services.membership_set_role(
            actor=admin_elsewhere, membership=membership, role=Role.NETWORK_ADMIN
        )
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR


def test_deactivating_the_last_membership_disables_the_account(network_admin, coordinator):
    membership = coordinator.memberships.get()
    epoch = coordinator.session_epoch
    services.membership_deactivate(actor=network_admin, membership=membership)
    membership.refresh_from_db()
    coordinator.refresh_from_db()
    assert not membership.is_active and membership.ended_at is not None
    assert not coordinator.is_active
    assert coordinator.session_epoch == epoch + 1
    event = AuditEvent.objects.get(action="accounts.membership.deactivated")
    assert event.details["account_disabled"] is True


def test_deactivating_one_of_two_memberships_keeps_the_account(
    network_admin, coordinator, network, other_network
):
    MembershipFactory(user=coordinator, network=other_network)
    services.membership_deactivate(
        actor=network_admin, membership=coordinator.memberships.get(network=network)
    )
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_nobody_deactivates_themselves(network_admin):
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(
            actor=network_admin, membership=network_admin.memberships.get()
        )


def test_re_adding_a_former_member_reactivates_the_account(network_admin, network, coordinator):
    services.membership_deactivate(actor=network_admin, membership=coordinator.memberships.get())
    membership = _add(network_admin, network, email=coordinator.email, role=Role.RECEPTION)
    coordinator.refresh_from_db()
    assert coordinator.is_active and membership.is_active
    assert coordinator.memberships.count() == 2


def test_is_superuser_grants_no_right_to_manage_members(superuser_without_membership, network):
    with pytest.raises(PermissionDenied):
        _add(superuser_without_membership, network)
