"""A network's first day on the platform: the network and its first network administrator.

`createsuperuser` only opens the technical admin (no patient data); the people who run a network
start here: `manage.py create_network_admin --network SLUG --email ADRESSE`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from maillage.accounts.models import Membership, Role, User, UserKind
from maillage.audit import record
from maillage.networks.models import Network, NetworkKind


class OnboardingError(Exception):
    """A French message for the operator; nothing has been written."""


@dataclass
class Onboarded:
    network: Network
    user: User
    network_created: bool
    user_created: bool


def _send_invitation(user: User, network: Network) -> None:
    """Emails the link where the administrator chooses a password (sent once committed).

    The accounts app's member invitation is used when it exists; until then, the password-reset
    link (valid one hour) serves as the invitation.
    """
    try:
        from maillage.accounts.services import invitation_send
    except ImportError:
        invitation_send = None
    if invitation_send is not None:
        invitation_send(actor=None, user=user, network=network)
        return
    from maillage.tasks.mail import send_email_task

    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    body = loader.render_to_string(
        "core/email/network_admin_invitation.txt",
        {"user": user, "network": network, "link": settings.SITE_URL.rstrip("/") + path},
    )
    subject = f"Maillage : votre compte dans {network.name}"
    transaction.on_commit(
        lambda: send_email_task.enqueue(subject=subject, body=body, to=[user.email])
    )
    record("accounts.invitation.sent", network=network, target=user)


@transaction.atomic
def network_admin_create(
    *,
    network_slug: str,
    email: str,
    network_name: str = "",
    network_kind: str = NetworkKind.DAC,
    first_name: str = "",
    last_name: str = "",
) -> Onboarded:
    email = User.objects.normalize_email(email).strip().lower()
    network = Network.objects.filter(slug=network_slug).first()
    network_created = network is None
    if network_created:
        if not network_name:
            raise OnboardingError(
                f"Aucun réseau « {network_slug} » : indiquez son nom avec --name pour le créer."
            )
        network = Network(slug=network_slug, name=network_name, kind=network_kind)
        try:
            network.full_clean()
        except ValidationError as exc:
            details = "; ".join(f"{k} : {' '.join(v)}" for k, v in exc.message_dict.items())
            raise OnboardingError(f"Réseau invalide — {details}") from exc
        network.save()
        record(
            "networks.network.created",
            network=network,
            target=network,
            details={"via": "create_network_admin"},
        )
    user = User.objects.filter(email=email).first()
    user_created = user is None
    if user_created:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise OnboardingError(
                f"Adresse électronique invalide : « {email} ». Vérifiez-la et recommencez."
            ) from exc
        user = User(
            email=email,
            kind=UserKind.STAFF,
            first_name=first_name or "Administrateur",
            last_name=last_name,
        )
        user.set_unusable_password()
        user.save()
        record("accounts.user.created", network=network, target=user, details={"kind": "staff"})
    elif not user.is_staff_kind:
        raise OnboardingError(
            f"« {email} » est un compte de professionnel extérieur : il ne peut pas administrer "
            "un réseau. Utilisez une autre adresse."
        )
    elif not user.is_active:
        raise OnboardingError(f"Le compte « {email} » est désactivé : réactivez-le d'abord.")
    membership = Membership.objects.filter(user=user, network=network, is_active=True).first()
    if membership is None:
        membership = Membership.objects.create(
            user=user, network=network, role=Role.NETWORK_ADMIN, profession="Administration"
        )
        record(
            "accounts.membership.created",
            network=network,
            target=membership,
            details={"role": Role.NETWORK_ADMIN, "via": "create_network_admin"},
        )
    elif membership.role != Role.NETWORK_ADMIN:
        raise OnboardingError(
            f"« {email} » est déjà membre de ce réseau avec le rôle "
            f"« {membership.get_role_display()} » : changez son rôle depuis l'application."
        )
    _send_invitation(user, network)
    return Onboarded(network, user, network_created, user_created)
