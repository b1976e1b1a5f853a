"""Where the shared reference files live (never copied into the project)."""

from pathlib import Path

import pytest
from django.conf import settings


def shared_data_dir() -> Path:
    for candidate in (
        Path(settings.BASE_DIR).parent / "shared" / "data",
        Path(settings.BASE_DIR).parent.parent / "shared" / "data",
        Path("/work/shared/data"),
    ):
        if candidate.is_dir():
            return candidate
    return Path("/nonexistent")


def shared_file(relative: str) -> Path:
    path = shared_data_dir() / relative
    if not path.is_file():
        pytest.skip(f"fichier de référence absent : {relative}")
    return path
