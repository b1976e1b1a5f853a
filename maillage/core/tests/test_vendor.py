"""Vendored front-end files are pinned, licensed and documented in static/vendor/README.md."""

from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


def test_every_vendored_library_is_documented_with_its_licence():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    folders = sorted(p for p in VENDOR.iterdir() if p.is_dir())
    assert folders, "static/vendor/ est vide"
    for folder in folders:
        name, _, version = folder.name.rpartition("-")
        assert name and version[0].isdigit(), f"{folder.name} : nommer le dossier nom-version"
        assert version in readme, f"{folder.name} absent de static/vendor/README.md"
        assert any(p.name.upper().startswith(("LICENSE", "LICENCE")) for p in folder.iterdir()), (
            f"{folder.name} : fichier de licence manquant"
        )


def test_the_documented_checksums_match_the_files():
    import hashlib

    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    lines = [line.split() for line in readme.splitlines() if line.startswith("    ")]
    assert lines
    for digest, relative in lines:
        actual = hashlib.sha256((VENDOR / relative).read_bytes()).hexdigest()
        assert actual == digest, f"{relative} : empreinte différente de static/vendor/README.md"
