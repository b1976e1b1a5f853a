"""Reading settings from the environment, failing loudly when a required value is missing.

Every secret NAME may also be given as NAME_FILE, a path to a file holding it (Docker/systemd
secrets), so that secrets never need to sit in the process environment.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at an unreadable file: {exc}") from exc
    value = os.environ.get(name)
    if value not in (None, ""):
        return value
    if required:
        raise ImproperlyConfigured(f"The environment variable {name} (or {name}_FILE) is required.")
    return default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return default if value is None else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    value = env(name, default) or ""
    return [item.strip() for item in value.split(",") if item.strip()]
