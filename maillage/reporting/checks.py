"""Deployment check: production needs the dedicated key of the pseudonymised study exports."""

from django.conf import settings
from django.core.checks import Error, Tags, register

MIN_KEY_LENGTH = 32


@register(Tags.security, deploy=True)
def pseudonymisation_key_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    key = getattr(settings, "PSEUDONYMISATION_KEY", "")
    if len(key) >= MIN_KEY_LENGTH:
        return []
    return [
        Error(
            "PSEUDONYMISATION_KEY is missing or shorter than 32 characters.",
            hint="Set PSEUDONYMISATION_KEY (or PSEUDONYMISATION_KEY_FILE) to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(32))'), distinct from "
            "SECRET_KEY and FIELD_ENCRYPTION_KEY.",
            id="reporting.E001",
        )
    ]
