"""Account services: sessions, second factor, passwords, networks, dormant accounts."""

import secrets
import time
from datetime import timedelta

from django.contrib.auth import login, update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp import login as otp_login

from maillage.accounts.middleware import (
    SESSION_EPOCH,
    SESSION_LAST_SEEN,
    SESSION_LOGIN_AT,
    SESSION_NETWORK,
    SESSION_NETWORK_PK,
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
from maillage.tasks.schedule import register

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
    request.session[SESSION_NETWORK_PK] = membership.network_id
    record("accounts.network.switched", request=request, network=membership.network)
    return membership


def mark_reauthenticated(request) -> None:
    request.session[SESSION_REAUTH_AT] = time.time()
    record("accounts.reauthenticated", request=request)


def recently_authenticated(request, max_age: int | None = None) -> bool:
    from maillage.access.matrix import REAUTH_MAX_AGE_SECONDS

    at = request.session.get(SESSION_REAUTH_AT, 0)
    return time.time() - at <= (max_age or REAUTH_MAX_AGE_SECONDS)


def password_reset_send(*, user: User, request) -> None:
    """Emails a reset link (valid PASSWORD_RESET_TIMEOUT, 1 hour) from a background task."""
    from maillage.accounts.tokens import encode_uid, password_reset_token_generator

    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": encode_uid(user),
            "token": password_reset_token_generator.make_token(user),
        },
    )
    _send_templated_email(
        to=user.email,
        subject_template="accounts/email/password_reset_subject.txt",
        body_template="accounts/email/password_reset.txt",
        context={"user": user, "link": request.build_absolute_uri(path)},
    )
    record("accounts.password.reset_requested", actor=user, request=request)


def _send_templated_email(*, to: str, subject_template: str, body_template: str, context) -> None:
    from maillage.tasks.mail import send_email_task

    subject = "".join(render_to_string(subject_template, context).splitlines())
    body = render_to_string(body_template, context)
    send_email_task.enqueue(subject=subject, body=body, to=[to])


def password_reset_done(*, user: User, request, action: str = "accounts.password.reset") -> None:
    """A new password was set through a link: every session of the account ends, lockouts on
    the account are lifted; the second factor is still asked at the next login."""
    from axes.utils import reset as axes_reset

    end_other_sessions(user)
    axes_reset(username=user.email)
    record(action, actor=user, request=request)


def password_changed(request, user: User) -> None:
    """The user changed their password: other sessions end, this one goes on (new key)."""
    update_session_auth_hash(request, user)
    end_other_sessions(user)
    request.session.cycle_key()
    request.session[SESSION_EPOCH] = user.session_epoch
    record("accounts.password.changed", request=request)


@transaction.atomic
def otp_reset(*, actor: User, user: User, network, request=None) -> None:
    """Removes another user's authenticator and recovery codes (lost phone): they enrol again at
    their next login, after their password. Their sessions end at once."""
    from maillage.accounts.services.members import require_network_admin

    require_network_admin(actor, network)
    if user.pk == actor.pk:
        raise PermissionDenied(
            "Vous ne pouvez pas réinitialiser votre propre double authentification : "
            "demandez-le à un autre administrateur du réseau."
        )
    if not Membership.objects.filter(user=user, network=network, is_active=True).exists():
        raise PermissionDenied("Cette personne n'est pas membre de votre réseau.")
    EncryptedTOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    end_other_sessions(user)
    record(
        "accounts.otp.reset",
        actor=actor,
        request=request,
        network=network,
        target=user,
    )


DORMANT_AFTER = timedelta(days=183)  # six months without a login


@register("accounts.disable_dormant_accounts", every_minutes=24 * 60)
def disable_dormant_accounts(*, now=None) -> int:
    """Disables accounts unused for six months (PGSSI-S): no login since then, or never logged
    in since their creation six months ago. Returns how many were disabled."""
    now = now or timezone.now()
    limit = now - DORMANT_AFTER
    dormant = User.objects.filter(is_active=True).filter(
        models.Q(last_activity_at__lt=limit)
        | models.Q(last_activity_at__isnull=True, date_joined__lt=limit)
    )
    count = 0
    for user in dormant.only("pk", "public_id", "email", "last_activity_at", "date_joined"):
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(
                is_active=False, session_epoch=models.F("session_epoch") + 1
            )
            last = user.last_activity_at or user.date_joined
            record(
                "accounts.user.disabled_dormant",
                target=user,
                details={"last_activity": last.date().isoformat()},
            )
        count += 1
    return count
