"""Membership management by a network's administrator: add, change role, deactivate, invite.

Every function checks that the actor administers the membership's network (nobody gives a role
in a network they don't administer) and refuses changes to the actor's own membership.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Membership, Role, User, UserKind
from maillage.audit import record

NOT_ADMIN = "Vous n'administrez pas ce réseau."
OWN_ROLE = (
    "Vous ne pouvez pas modifier votre propre rôle : demandez-le à un autre administrateur "
    "du réseau."
)
OWN_MEMBERSHIP = (
    "Vous ne pouvez pas désactiver votre propre compte : demandez-le à un autre administrateur "
    "du réseau."
)


def require_network_admin(actor: User, network) -> None:
    """Raises PermissionDenied unless `actor` is an active network_admin of `network`."""
    is_admin = Membership.objects.filter(
        user=actor,
        network=network,
        role=Role.NETWORK_ADMIN,
        is_active=True,
        network__is_active=True,
    ).exists()
    if not (actor.is_active and is_admin):
        raise PermissionDenied(NOT_ADMIN)


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Rôle inconnu : choisissez un rôle de la liste."})


@transaction.atomic
def member_add(
    *,
    actor: User,
    network,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    profession: str = "",
    fte: Decimal | int = 1,
    request=None,
) -> Membership:
    """Adds a staff member to `network`. A new account gets no password: an invitation link is
    emailed (from a task) for them to choose one; the second factor is enrolled at first login."""
    require_network_admin(actor, network)
    _check_role(role)
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email, None, first_name=first_name, last_name=last_name, kind=UserKind.STAFF
        )
    elif user.is_external:
        raise ValidationError(
            {
                "email": "Cette adresse est celle du compte d'un professionnel extérieur : "
                "un compte ne peut pas être à la fois extérieur et salarié d'un réseau. "
                "Utilisez une autre adresse."
            }
        )
    elif Membership.objects.filter(user=user, network=network, is_active=True).exists():
        raise ValidationError({"email": "Cette personne est déjà membre du réseau."})
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active", "updated_at"])
    membership = Membership.objects.create(
        user=user, network=network, role=role, profession=profession, fte=fte
    )
    record(
        "accounts.membership.created",
        actor=actor,
        request=request,
        network=network,
        target=membership,
        details={"role": role, "new_account": created},
    )
    if not user.has_usable_password():
        invitation_send(actor=actor, user=user, network=network, request=request)
    return membership


def invitation_send(*, actor: User, user: User, network, request=None) -> None:
    """Emails the link where a new member chooses their password (valid 72 hours)."""
    from django.conf import settings

    from maillage.accounts.services.sessions import _send_templated_email
    from maillage.accounts.tokens import (
        INVITATION_TIMEOUT_SECONDS,
        encode_uid,
        invitation_token_generator,
    )

    path = reverse(
        "accounts:invitation",
        kwargs={"uidb64": encode_uid(user), "token": invitation_token_generator.make_token(user)},
    )
    base = request.build_absolute_uri("/").rstrip("/") if request else settings.SITE_URL
    _send_templated_email(
        to=user.email,
        subject_template="accounts/email/invitation_subject.txt",
        body_template="accounts/email/invitation.txt",
        context={
            "user": user,
            "network": network,
            "link": base + path,
            "hours": INVITATION_TIMEOUT_SECONDS // 3600,
        },
    )
    record("accounts.invitation.sent", actor=actor, request=request, network=network, target=user)


@transaction.atomic
def invitation_resend(*, actor: User, membership: Membership, request=None) -> None:
    require_network_admin(actor, membership.network)
    if not membership.is_active or membership.user.has_usable_password():
        raise PermissionDenied("Cette personne a déjà choisi son mot de passe.")
    invitation_send(actor=actor, user=membership.user, network=membership.network, request=request)


@transaction.atomic
def membership_set_role(
    *, actor: User, membership: Membership, role: str, request=None
) -> Membership:
    """Changes a member's role. Nobody changes their own role (no self-promotion), and only an
    administrator of the membership's network may change it."""
    membership = (
        Membership.objects.select_for_update().select_related("network").get(pk=membership.pk)
    )
    if membership.user_id == actor.pk:
        raise PermissionDenied(OWN_ROLE)
    require_network_admin(actor, membership.network)
    _check_role(role)
    if not membership.is_active:
        raise PermissionDenied("Cette appartenance est désactivée.")
    old = membership.role
    if old == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    record(
        "accounts.membership.role_changed",
        actor=actor,
        request=request,
        network=membership.network,
        target=membership,
        details={"from": old, "to": role, "user": str(membership.user.public_id)},
    )
    return membership


@transaction.atomic
def membership_deactivate(*, actor: User, membership: Membership, request=None) -> Membership:
    """Ends a membership. A person left with no active membership has their account disabled
    and their sessions ended (the account stays, for the audit trail)."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("network", "user")
        .get(pk=membership.pk)
    )
    if membership.user_id == actor.pk:
        raise PermissionDenied(OWN_MEMBERSHIP)
    require_network_admin(actor, membership.network)
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save(update_fields=["is_active", "ended_at", "updated_at"])
    user = membership.user
    account_disabled = not Membership.objects.filter(user=user, is_active=True).exists()
    if account_disabled:
        from maillage.accounts.services.sessions import end_other_sessions

        User.objects.filter(pk=user.pk).update(is_active=False)
        end_other_sessions(user)
    record(
        "accounts.membership.deactivated",
        actor=actor,
        request=request,
        network=membership.network,
        target=membership,
        details={"user": str(user.public_id), "account_disabled": account_disabled},
    )
    return membership


@transaction.atomic
def member_reactivate(*, actor: User, membership: Membership, request=None) -> None:
    """Re-opens the account of a current member disabled for inactivity (six months)."""
    require_network_admin(actor, membership.network)
    if not membership.is_active:
        raise PermissionDenied(
            "Cette personne ne fait plus partie de l'équipe : ajoutez-la de nouveau."
        )
    user = membership.user
    if user.is_active:
        return
    User.objects.filter(pk=user.pk).update(is_active=True, last_activity_at=timezone.now())
    record(
        "accounts.user.reactivated",
        actor=actor,
        request=request,
        network=membership.network,
        target=user,
    )
