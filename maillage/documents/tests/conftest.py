import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "files"
    settings.MEDIA_ROOT = settings.PRIVATE_FILES_ROOT
