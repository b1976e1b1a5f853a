"""External professionals: invitation (single use, 72 hours) and first password."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User, UserKind
from maillage.audit import record
from maillage.patients.models import CareTeamMember, ExternalInvitation, ExternalProfile
from maillage.patients.models.external import INVITATION_VALIDITY, hash_token


def _account_for(professional, email: str) -> User:
    profile = (
        ExternalProfile.objects.select_related("user").filter(professional=professional).first()
    )
    if profile is not None:
        if profile.user.email != email:
            raise ValidationError(
                {
                    "email": "Ce professionnel a déjà un compte avec une autre adresse "
                    f"({profile.user.email}) : invitez cette adresse-là."
                }
            )
        return profile.user
    user = User.objects.filter(email=email).first()
    if user is not None:
        if not user.is_external:
            raise ValidationError(
                {"email": "Cette adresse appartient au compte d'un salarié de réseau."}
            )
        if ExternalProfile.objects.filter(user=user).exists():
            raise ValidationError(
                {"email": "Cette adresse est déjà celle d'un autre professionnel de l'annuaire."}
            )
    else:
        user = User.objects.create_user(
            email,
            None,
            first_name=professional.first_name.title()[:150],
            last_name=professional.last_name[:150],
            kind=UserKind.EXTERNAL,
        )
    ExternalProfile.objects.create(user=user, professional=professional)
    return user


@transaction.atomic
def external_invite(
    *, actor, network, professional, email: str, request=None
) -> tuple[ExternalInvitation, str]:
    """Creates (or reuses) the professional's external login and sends a single-use link valid
    72 hours. Only a professional who is a current care-team member in `network` is invited.
    The email names no patient. Returns the invitation and the clear token (sent, not stored)."""
    email = User.objects.normalize_email(email).lower()
    if not CareTeamMember.objects.filter(
        professional=professional, patient__network=network, ended_on__isnull=True
    ).exists():
        raise ValidationError("Ce professionnel ne fait partie d'aucune équipe de soins du réseau.")
    user = _account_for(professional, email)
    if not user.is_active:
        raise ValidationError({"email": "Ce compte est désactivé : contactez l'administrateur."})
    now = timezone.now()
    ExternalInvitation.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = ExternalInvitation.objects.create(
        user=user,
        network=network,
        invited_by=actor,
        email=email,
        token_hash=hash_token(token),
        expires_at=now + INVITATION_VALIDITY,
    )
    link = settings.SITE_URL.rstrip("/") + reverse("patients:invitation_accept", args=[token])
    body = render_to_string(
        "patients/email/invitation.txt",
        {"network": network, "link": link, "invitation": invitation, "user": user},
    )
    record(
        "patients.external.invited",
        actor=actor,
        request=request,
        network=network,
        target=user,
        details={
            "professional": str(professional.public_id),
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    from maillage.tasks.mail import send_email_task

    # With the database task backend the email is queued in this very transaction.
    send_email_task.enqueue(
        subject=f"{network.name} vous invite sur Maillage", body=body, to=[email]
    )
    return invitation, token


def usable_invitation(token: str) -> ExternalInvitation | None:
    invitation = (
        ExternalInvitation.objects.select_related("user", "network")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_usable else None


@transaction.atomic
def external_invitation_accept(*, invitation: ExternalInvitation, password: str, request=None):
    """Sets the first password and spends the invitation. The second factor comes next."""
    current = ExternalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not current.is_usable:
        raise ValidationError("Ce lien d'invitation n'est plus valable.")
    user = current.user
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    current.used_at = timezone.now()
    current.save(update_fields=["used_at", "updated_at"])
    record(
        "patients.external.invitation_accepted",
        actor=user,
        request=request,
        network=current.network,
        target=user,
    )
    return user
