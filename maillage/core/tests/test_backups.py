"""Encrypted backups and the restore check (PostgreSQL), and the refusal on SQLite."""

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command, get_commands
from django.db import connection

from maillage.accounts.tests.factories import UserFactory
from maillage.core import backups

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="les sauvegardes ne concernent que PostgreSQL"
)
needs_tools = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("age", "age-keygen", "pg_dump", "pg_restore")),
    reason="age et postgresql-client requis",
)
SURNAME = "Kerbrat-Lemoigne"
SURNAME_FIELDS = {"last_name", "birth_name", "used_name", "surname"}


def _run(program: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - test helper, fixed Debian programs
        [shutil.which(program), *args], check=True, capture_output=True, **kwargs
    )


@pytest.fixture
def backup_settings(settings, tmp_path):
    identity = tmp_path / "age-identity.txt"
    _run("age-keygen", "-o", str(identity))
    recipient = _run("age-keygen", "-y", str(identity), text=True).stdout.strip()
    settings.BACKUP_DIR = tmp_path / "sauvegardes"
    settings.BACKUP_AGE_RECIPIENTS = [recipient]
    settings.BACKUP_AGE_IDENTITY_FILE = str(identity)
    settings.PRIVATE_FILES_ROOT = tmp_path / "fichiers"
    (settings.PRIVATE_FILES_ROOT / "ab").mkdir(parents=True)
    (settings.PRIVATE_FILES_ROOT / "ab" / "compte-rendu.txt").write_text(
        f"Compte rendu de visite à domicile de Mme {SURNAME}.", encoding="utf-8"
    )
    return settings


def _backup() -> Path:
    out = StringIO()
    call_command("backup", stdout=out)
    assert "Sauvegarde chiffrée écrite" in out.getvalue()
    return backups.latest_backup()


def _restore_check(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command("restore_check", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def _surnames_in_database() -> set[str]:
    names = {SURNAME}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.name in SURNAME_FIELDS and field.get_internal_type() == "CharField":
                names.update(model.objects.values_list(field.name, flat=True))
    return {name for name in names if len(name) >= 4}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="refus propre à SQLite")
def test_it_refuses_to_back_up_sqlite_in_french(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    with pytest.raises(CommandError, match="Refusé : les sauvegardes chiffrées concernent"):
        call_command("backup")
    with pytest.raises(CommandError, match="Refusé"):
        call_command("restore_check")
    assert list(tmp_path.iterdir()) == []


@needs_postgres
@needs_tools
def test_the_backup_bytes_contain_no_readable_surname(backup_settings, monkeypatch):
    monkeypatch.setattr(backup_settings, "MAILLAGE_ALLOW_SEED", True)
    call_command("seed_demo", stdout=StringIO())
    UserFactory(last_name=SURNAME)
    backup = _backup()
    surnames = _surnames_in_database()
    assert len(surnames) > 5
    files = sorted(p for p in backup.iterdir() if p.is_file())
    assert [p.name for p in files] == [
        "SHA256SUMS",
        "database.dump.age",
        "files.tar.age",
        "manifest.json.age",
    ]
    for path in files:
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} lisible par d'autres comptes"
        data = path.read_bytes()
        for name in surnames:
            for variant in {name, name.upper(), name.lower()}:
                assert variant.encode() not in data, f"« {variant} » lisible dans {path.name}"
    # Control: decrypted, the same backup does hold the surname (the test can fail).
    identity = backup_settings.BACKUP_AGE_IDENTITY_FILE
    plain = _run("age", "-d", "-i", identity, str(backup / "database.dump.age")).stdout
    sql_text = _run("pg_restore", "-f", "-", input=plain).stdout
    assert SURNAME.encode() in sql_text
    tar = _run("age", "-d", "-i", identity, str(backup / "files.tar.age")).stdout
    assert SURNAME.encode() in tar


@needs_postgres
@needs_tools
def test_a_backup_restores_with_the_same_rows_and_files(backup_settings, network, director):
    _backup()
    output = _restore_check("--exact-live")
    assert "Nombre de lignes identique à la base en service pour chaque table." in output
    assert "Fichiers : 1 fichier(s) restauré(s), empreintes SHA-256 conformes." in output
    assert "Restauration vérifiée." in output
    # The scratch database is dropped afterwards.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s",
            [connection.settings_dict["NAME"] + "_restore_check"],
        )
        assert cursor.fetchone()[0] == 0


@needs_postgres
@needs_tools
def test_it_reports_what_changed_since_the_backup(backup_settings, network):
    _backup()
    UserFactory()
    output = _restore_check()
    assert "public.accounts_user : sauvegarde" in output
    with pytest.raises(CommandError, match="diffère de la base en service"):
        _restore_check("--exact-live")


@needs_postgres
@needs_tools
@pytest.mark.skipif("audit_verify" not in get_commands(), reason="audit_verify pas encore livré")
def test_the_restore_check_verifies_the_audit_chain_of_the_copy(backup_settings, network):
    _backup()
    assert "Chaîne du journal d'audit de la copie vérifiée" in _restore_check()


@needs_postgres
@needs_tools
@pytest.mark.skipif("audit_verify" not in get_commands(), reason="audit_verify pas encore livré")
def test_a_broken_audit_chain_in_the_copy_fails_the_check(backup_settings, network):
    from maillage.audit import record

    record("core.test.first", details={"n": 1})
    record("core.test.second", details={"n": 2})
    with connection.cursor() as cursor:  # behind the application's back (superuser, no trigger)
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'core.test.rewritten' "
            "WHERE action = 'core.test.first'"
        )
        cursor.execute("SET session_replication_role = DEFAULT")
    _backup()
    with pytest.raises(CommandError, match="journal d'audit de la copie restaurée n'est pas"):
        _restore_check()


@needs_postgres
@needs_tools
def test_a_tampered_backup_is_refused(backup_settings, network):
    backup = _backup()
    dump = backup / "database.dump.age"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="Sauvegarde altérée ou incomplète"):
        _restore_check()


@needs_postgres
@needs_tools
def test_it_needs_the_public_key_and_the_identity(backup_settings, network):
    backup_settings.BACKUP_AGE_RECIPIENTS = []
    with pytest.raises(CommandError, match="BACKUP_AGE_RECIPIENT manquant"):
        call_command("backup")
    backup_settings.BACKUP_AGE_IDENTITY_FILE = ""
    with pytest.raises(CommandError, match="BACKUP_AGE_IDENTITY_FILE manquant"):
        call_command("restore_check")


@needs_postgres
@needs_tools
def test_a_wrong_identity_cannot_decrypt(backup_settings, tmp_path, network):
    _backup()
    other = tmp_path / "autre-cle.txt"
    _run("age-keygen", "-o", str(other))
    backup_settings.BACKUP_AGE_IDENTITY_FILE = str(other)
    with pytest.raises(CommandError, match="Échec de age"):
        _restore_check()
