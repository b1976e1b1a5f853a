"""Where uploaded bytes live: two folders under settings.PRIVATE_FILES_ROOT, outside any URL.

- `quarantine/`: received, not yet cleared by the antivirus (never served);
- `store/`: cleared.

Files are named by their random storage name only. Writes are atomic (temporary file, then
rename) and readable by the service's user only.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings

QUARANTINE = "quarantine"
STORE = "store"


def root() -> Path:
    return Path(settings.PRIVATE_FILES_ROOT)


def folder(name: str) -> Path:
    path = root() / name
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _checked_name(storage_name: str) -> str:
    if not storage_name.isalnum():
        raise ValueError("Nom de stockage invalide.")
    return storage_name


def path_for(stored_file) -> Path:
    where = STORE if stored_file.is_clean else QUARANTINE
    return root() / where / _checked_name(stored_file.storage_name)


def write(where: str, storage_name: str, content: bytes) -> Path:
    target = folder(where) / _checked_name(storage_name)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def release(storage_name: str) -> Path:
    """Quarantine → store, once the antivirus cleared the file."""
    source = folder(QUARANTINE) / _checked_name(storage_name)
    target = folder(STORE) / storage_name
    os.replace(source, target)
    return target


def delete(storage_name: str) -> None:
    for where in (QUARANTINE, STORE):
        (root() / where / _checked_name(storage_name)).unlink(missing_ok=True)
