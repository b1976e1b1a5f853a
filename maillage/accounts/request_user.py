"""The user of a request in one query: the user row, the second-factor device bound to the
session and the membership of the session's network come in one SELECT (two LEFT JOINs)
instead of three. Nothing is kept between requests: a deactivated user, a removed device or an
ended membership is refused on the very next request, as before.

Sessions made by anything but the model backend, or bound to a device of another kind (recovery
codes), take Django's and django-otp's own paths unchanged."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import FilteredRelation, Q
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from maillage.accounts.models import EncryptedTOTPDevice, Membership, User
from maillage.core.prepared import Param, Prepared

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NOT_LOADED = object()
# What load_user found, on the user object, for the middlewares after it.
PRELOADED_DEVICE = "_maillage_session_device"
PRELOADED_MEMBERSHIP = "_maillage_network_membership"

_DEVICE_PREFIX = f"{EncryptedTOTPDevice._meta.app_label}.{EncryptedTOTPDevice._meta.model_name}/"


def _session_device_pk(session) -> int | None:
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) or ""
    if not persistent_id.startswith(_DEVICE_PREFIX):
        return None
    suffix = persistent_id[len(_DEVICE_PREFIX) :]
    return int(suffix) if suffix.isdigit() else None


def _user_query(with_device: bool, with_membership: bool):
    """The user row, with the session's device and the active network's membership joined;
    compiled once per shape (maillage.core.prepared)."""
    rows = User._default_manager.filter(pk=Param("user", User, "id"))
    related = []
    if with_device:
        rows = rows.annotate(
            session_device=FilteredRelation(
                "encryptedtotpdevice",
                condition=Q(encryptedtotpdevice__pk=Param("device", EncryptedTOTPDevice, "id")),
            )
        )
        related.append("session_device")
        # The middleware reads the binding only (id, user, confirmed): the secret stays in the
        # database (not decrypted on every request), loaded if a view ever verifies a code.
        rows = rows.defer(
            *(
                f"session_device__{f.name}"
                for f in EncryptedTOTPDevice._meta.concrete_fields
                if f.name not in ("id", "user", "confirmed")
            )
        )
    if with_membership:
        rows = rows.annotate(
            session_membership=FilteredRelation(
                "memberships",
                condition=Q(
                    memberships__network_id=Param("network", Membership, "network"),
                    memberships__is_active=True,
                ),
            ),
            # A second filtered relation rather than select_related("…__network"), which
            # Django joins before the membership it hangs from.
            session_network=FilteredRelation("session_membership__network"),
        )
        related += ["session_membership", "session_network"]
    return rows.select_related(*related)[:1]


_USER_QUERIES = {
    (device, membership): Prepared(lambda d=device, m=membership: _user_query(d, m))
    for device in (False, True)
    for membership in (False, True)
}


def load_user(request):
    """django.contrib.auth.get_user with the device and the membership joined; the session-hash
    check below is Django's, line for line."""
    session = request.session
    try:
        user_id = User._meta.pk.to_python(session[auth.SESSION_KEY])
        backend_path = session[auth.BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return auth.get_user(request)
    if backend_path != MODEL_BACKEND or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)

    device_pk = _session_device_pk(session)
    from maillage.accounts.middleware import SESSION_NETWORK, SESSION_NETWORK_PK

    network_id = session.get(SESSION_NETWORK)
    network_pk = session.get(SESSION_NETWORK_PK) if network_id else None
    with_membership = isinstance(network_pk, int)
    values = {"user": user_id}
    if device_pk is not None:
        values["device"] = device_pk
    if with_membership:
        values["network"] = network_pk
    user = _USER_QUERIES[device_pk is not None, with_membership].first(**values)
    if user is None or not ModelBackend().user_can_authenticate(user):
        return AnonymousUser()

    session_hash = session.get(auth.HASH_SESSION_KEY)
    if not session_hash:
        session_hash_verified = False
    else:
        session_auth_hash = user.get_session_auth_hash()
        session_hash_verified = constant_time_compare(session_hash, session_auth_hash)
    if not session_hash_verified:
        if session_hash and any(
            constant_time_compare(session_hash, fallback_auth_hash)
            for fallback_auth_hash in user.get_session_auth_fallback_hash()
        ):
            session.cycle_key()
            session[auth.HASH_SESSION_KEY] = session_auth_hash
        else:
            session.flush()
            return AnonymousUser()

    if device_pk is not None:
        # Django sets a filtered relation's attribute only when a row matched.
        setattr(user, PRELOADED_DEVICE, getattr(user, "session_device", None))
    if with_membership:
        # Only a membership found, of the very network the session names, is handed on;
        # anything else (none, or a key of another network) takes the middleware's own query.
        membership = getattr(user, "session_membership", None)
        if membership is not None and str(user.session_network.public_id) == network_id:
            membership.network = user.session_network
            found = membership if membership.network.is_active else None
            setattr(user, PRELOADED_MEMBERSHIP, (network_id, found))
    return user


def preloaded_membership(user, network_id: str):
    """The membership load_user found for `network_id` (None: none active), or NOT_LOADED."""
    found = getattr(user, PRELOADED_MEMBERSHIP, None)
    if found is None or found[0] != network_id:
        return NOT_LOADED
    return found[1]


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: load_user(request))


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's, taking the device load_user joined when there is one; its binding checks
    (device of this user, confirmed) still apply."""

    def _verify_user_sync(self, request, user):
        device = getattr(user, PRELOADED_DEVICE, NOT_LOADED)
        if device is NOT_LOADED:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        user.otp_device = self._finalize_device(request, user, device)
        return user
