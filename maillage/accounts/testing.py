"""Test helpers shared by every app: a client logged in with the second factor passed."""

import time

from django_otp import DEVICE_ID_SESSION_KEY

from maillage.accounts.middleware import (
    SESSION_EPOCH,
    SESSION_LAST_SEEN,
    SESSION_LOGIN_AT,
    SESSION_NETWORK,
    SESSION_NETWORK_PK,
    SESSION_REAUTH_AT,
)
from maillage.accounts.models import EncryptedTOTPDevice


def totp_device_for(user) -> EncryptedTOTPDevice:
    device = EncryptedTOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = EncryptedTOTPDevice.objects.create(
            user=user, name="test", confirmed=True, encrypted_key=EncryptedTOTPDevice.new_key()
        )
    return device


def current_totp(user) -> str:
    device = totp_device_for(user)
    totp = device.totp()
    totp.time = time.time()
    return f"{totp.token():06d}"


def session_values(user, network=None, *, reauth: bool = True) -> dict:
    now = time.time()
    values = {
        DEVICE_ID_SESSION_KEY: totp_device_for(user).persistent_id,
        SESSION_LOGIN_AT: now,
        SESSION_LAST_SEEN: now,
        SESSION_EPOCH: user.session_epoch,
    }
    if reauth:
        values[SESSION_REAUTH_AT] = now
    if network is not None:
        values[SESSION_NETWORK] = str(network.public_id)
        values[SESSION_NETWORK_PK] = network.pk
    return values


def login_verified(client, user, network=None, *, reauth: bool = True):
    """Logs `client` in as `user`, second factor passed, `network` active (staff)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session.update(session_values(user, network, reauth=reauth))
    session.save()
    return client
