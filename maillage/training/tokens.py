"""Signed links sent by email: cancel a registration, answer the satisfaction form.

Signed with django.core.signing (SECRET_KEY, a salt per purpose); a forged or altered token is
refused. Opening a link only shows a page: the action needs the page's POST.
"""

from __future__ import annotations

from django.core import signing

CANCEL_SALT = "maillage.training.registration.cancel"
SATISFACTION_SALT = "maillage.training.satisfaction"
SATISFACTION_MAX_AGE = 60 * 24 * 3600


def make_token(registration, salt: str) -> str:
    return signing.dumps(str(registration.public_id), salt=salt, compress=False)


def read_token(token: str, salt: str, max_age: int | None = None) -> str | None:
    """The registration's public id carried by `token`, or None when forged or expired."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None
