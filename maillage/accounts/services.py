"""Account services: sessions, second factor, networks, memberships."""

import secrets
import time

from django.contrib.auth import login
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django_otp import login as otp_login

from maillage.accounts.middleware import (
    SESSION_EPOCH,
    SESSION_LAST_SEEN,
    SESSION_LOGIN_AT,
    SESSION_NETWORK,
    SESSION_REAUTH_AT,
)
from maillage.accounts.models import (
    EncryptedTOTPDevice,
    Membership,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
    hash_recovery_code,
)
from maillage.audit import record

RECOVERY_CODE_COUNT = 10


def session_start(request, user: User) -> None:
    """Password accepted: new session key (login() cycles it), lifetime counters set."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    now = time.time()
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_LAST_SEEN] = now
    request.session[SESSION_REAUTH_AT] = now
    request.session[SESSION_EPOCH] = user.session_epoch
    User.objects.filter(pk=user.pk).update(last_activity_at=timezone.now())
    record("accounts.login.password_ok", actor=user, request=request)


def second_factor_passed(request, device) -> None:
    """Second factor accepted: new session key again, device bound to the session."""
    request.session.cycle_key()
    otp_login(request, device)
    request.session[SESSION_REAUTH_AT] = time.time()
    record(
        "accounts.login.succeeded",
        actor=request.user,
        request=request,
        details={"device": device.__class__.__name__},
    )


def confirmed_totp_device(user: User) -> EncryptedTOTPDevice | None:
    return EncryptedTOTPDevice.objects.filter(user=user, confirmed=True).first()


def verify_second_factor(user: User, token: str):
    """Returns the device that accepted the token, or None."""
    totp = confirmed_totp_device(user)
    if totp is not None and token.isdigit() and len(token) == 6 and totp.verify_token(token):
        return totp
    recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and recovery.verify_token(token):
        return recovery
    return None


def totp_enrolment_device(user: User) -> EncryptedTOTPDevice:
    """The unconfirmed device being enrolled (one at a time)."""
    device = EncryptedTOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = EncryptedTOTPDevice.objects.create(
            user=user,
            name="Application d'authentification",
            confirmed=False,
            encrypted_key=EncryptedTOTPDevice.new_key(),
        )
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device: EncryptedTOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    EncryptedTOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record("accounts.otp.enrolled", actor=user)
    return True


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5)  # 40 bits each, single use, 10 of them
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """Replaces the user's recovery codes; the clear codes are shown once and never stored."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=hash_recovery_code(code, device.salt))
        for code in codes
    )
    record("accounts.recovery_codes.generated", actor=user)
    return codes


def end_other_sessions(user: User) -> None:
    """Raises the user's session epoch: every session started before is refused at its next
    request (SessionLifetimeMiddleware), wherever it lives."""
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


def logout_everywhere(request) -> None:
    user = request.user
    end_other_sessions(user)
    request.session.cycle_key()
    request.session[SESSION_EPOCH] = user.session_epoch
    record("accounts.sessions.ended_everywhere", request=request)


def active_memberships(user: User):
    return (
        Membership.objects.select_related("network")
        .filter(user=user, is_active=True, network__is_active=True)
        .order_by("network__name")
    )


def network_switch(request, network_public_id) -> Membership:
    membership = (
        active_memberships(request.user).filter(network__public_id=network_public_id).first()
    )
    if membership is None:
        raise Http404
    request.session.cycle_key()
    request.session[SESSION_NETWORK] = str(membership.network.public_id)
    record("accounts.network.switched", request=request, network=membership.network)
    return membership


def mark_reauthenticated(request) -> None:
    request.session[SESSION_REAUTH_AT] = time.time()
    record("accounts.reauthenticated", request=request)


def recently_authenticated(request, max_age: int | None = None) -> bool:
    from maillage.access.matrix import REAUTH_MAX_AGE_SECONDS

    at = request.session.get(SESSION_REAUTH_AT, 0)
    return time.time() - at <= (max_age or REAUTH_MAX_AGE_SECONDS)


@transaction.atomic
def membership_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Changes a member's role. Nobody changes their own role (no self-promotion)."""
    from django.core.exceptions import PermissionDenied

    if membership.user_id == actor.pk:
        raise PermissionDenied("Vous ne pouvez pas modifier votre propre rôle.")
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    record(
        "accounts.membership.role_changed",
        actor=actor,
        network=membership.network,
        target=membership,
        details={"from": old, "to": role},
    )
    return membership
