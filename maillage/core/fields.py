"""Encrypted model fields (Fernet, with key rotation through several FIELD_ENCRYPTION_KEY values).

Values are encrypted before they reach the database, so raw SQL never shows them. Encrypted
fields cannot be filtered on: look rows up by another column.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


def _fernet_key(raw: str) -> bytes:
    # Any string becomes a valid 32-byte Fernet key, so operators may use a long random passphrase.
    return base64.urlsafe_b64encode(hashlib.sha256(raw.encode()).digest())


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Valeur chiffrée illisible avec les clés configurées.") from exc


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; empty strings stay empty."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt_text(value)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt_text(value)
