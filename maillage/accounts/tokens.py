"""Links sent by email. Both carry the user's public id (never the database id) and a token that
dies once the password is set: a password reset link (1 hour, PASSWORD_RESET_TIMEOUT) and an
invitation link for a new staff member (72 hours)."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

INVITATION_TIMEOUT_SECONDS = 72 * 3600


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "maillage.accounts.tokens.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return self._num_seconds(self._now()) - ts <= INVITATION_TIMEOUT_SECONDS


invitation_token_generator = InvitationTokenGenerator()
password_reset_token_generator = default_token_generator


def encode_uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(str(user.public_id)))


def user_from_uid(uidb64: str):
    """The user a link names, or None (bad encoding, unknown or inactive account)."""
    import uuid

    from maillage.accounts.models import User

    try:
        public_id = uuid.UUID(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(public_id=public_id, is_active=True).first()
