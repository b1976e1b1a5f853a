"""Encrypted backups of the PostgreSQL database and the private files, and their restore check.

A backup is a directory `BACKUP_DIR/maillage-<UTC timestamp>/` holding three files encrypted with
`age` to the public key(s) BACKUP_AGE_RECIPIENT — nothing readable ever touches the disk, the
plain data only flows through pipes:

- `database.dump.age`  pg_dump in custom format, taken in a REPEATABLE READ snapshot;
- `files.tar.age`      a tar of PRIVATE_FILES_ROOT;
- `manifest.json.age`  row counts per table (counted in the same snapshot as the dump) and the
                       SHA-256 of every private file;
and a plain `SHA256SUMS` of the three encrypted files (`sha256sum -c SHA256SUMS`).

`restore_check` decrypts with BACKUP_AGE_IDENTITY_FILE (kept off the application server), restores
into a scratch database, compares row counts with the manifest and the live database, checks every
file, and runs `audit_verify` on the restored copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import psycopg
from django.conf import settings
from django.db import connections
from psycopg import sql

DUMP_NAME = "database.dump.age"
FILES_NAME = "files.tar.age"
MANIFEST_NAME = "manifest.json.age"
SUMS_NAME = "SHA256SUMS"
PREFIX = "maillage-"


class BackupError(Exception):
    """A backup or a restore check that cannot go on; the message is French, for the operator."""


# -- Connection parameters -------------------------------------------------------------------


@dataclass(frozen=True)
class PgTarget:
    """How to reach the database: the application's connection or BACKUP_DATABASE_URL."""

    name: str
    user: str
    password: str
    host: str
    port: str
    sslmode: str = ""

    @classmethod
    def current(cls) -> PgTarget:
        if connections["default"].vendor != "postgresql":
            raise BackupError(
                "Refusé : les sauvegardes chiffrées concernent la base PostgreSQL de production. "
                "La base actuelle est SQLite (développement, démonstration) : copiez simplement "
                "le fichier var/maillage.sqlite3 si besoin."
            )
        if settings.BACKUP_DATABASE_URL:
            conf = dj_database_url.parse(settings.BACKUP_DATABASE_URL)
        else:
            conf = connections["default"].settings_dict
        return cls(
            name=conf["NAME"],
            user=conf.get("USER") or "",
            password=conf.get("PASSWORD") or "",
            host=conf.get("HOST") or "",
            port=str(conf.get("PORT") or ""),
            sslmode=(conf.get("OPTIONS") or {}).get("sslmode", ""),
        )

    def env(self, dbname: str | None = None) -> dict[str, str]:
        """Environment for pg_dump/pg_restore: the password never appears on a command line."""
        values = {
            "PGDATABASE": dbname or self.name,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGSSLMODE": self.sslmode,
        }
        return {**os.environ, **{k: v for k, v in values.items() if v}}

    def connect(self, dbname: str | None = None, **kwargs) -> psycopg.Connection:
        params = {
            "dbname": dbname or self.name,
            "user": self.user,
            "password": self.password,
            "host": self.host,
            "port": self.port,
            "sslmode": self.sslmode,
        }
        return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Programme « {name} » introuvable : installez le paquet Debian "
            f"{'age' if name.startswith('age') else 'postgresql-client'}."
        )
    return path


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Row count of every ordinary table outside the system schemas, as `schema.table`."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
            "ORDER BY schemaname, tablename"
        )
        tables = cursor.fetchall()
        counts = {}
        for schema, table in tables:
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {}.{}").format(
                    sql.Identifier(schema), sql.Identifier(table)
                )
            )
            counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check(process: subprocess.Popen, what: str) -> None:
    stderr = process.stderr.read().decode(errors="replace").strip() if process.stderr else ""
    if process.wait() != 0:
        raise BackupError(f"Échec de {what} (code {process.returncode}) : {stderr[-500:]}")


# -- Backup ----------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int
    sizes: dict[str, int] = field(default_factory=dict)


def _age_encrypt(recipients: list[str], output: Path, stdin) -> subprocess.Popen:
    args = [_tool("age")]
    for recipient in recipients:
        args += ["--recipient", recipient]
    return subprocess.Popen(  # noqa: S603 - fixed program, arguments from settings
        [*args, "--output", str(output)], stdin=stdin, stderr=subprocess.PIPE
    )


def _dump_database(target: PgTarget, snapshot: str, recipients: list[str], output: Path) -> None:
    dump = subprocess.Popen(  # noqa: S603
        [_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--no-password"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=target.env(),
    )
    encrypt = _age_encrypt(recipients, output, dump.stdout)
    dump.stdout.close()  # age owns the pipe now
    _check(dump, "pg_dump")
    _check(encrypt, "age (chiffrement de la base)")


def _archive_files(root: Path, recipients: list[str], output: Path) -> dict[str, str]:
    """Streams a tar of the private files into age; returns {relative path: sha256}."""
    digests: dict[str, str] = {}
    encrypt = _age_encrypt(recipients, output, subprocess.PIPE)
    with tarfile.open(fileobj=encrypt.stdin, mode="w|") as archive:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                relative = path.relative_to(root).as_posix()
                digests[relative] = _sha256_file(path)
                archive.add(path, arcname=relative, recursive=False)
    encrypt.stdin.close()
    _check(encrypt, "age (chiffrement des fichiers)")
    return digests


def create_backup(now: datetime | None = None) -> BackupResult:
    from maillage.audit import record

    target = PgTarget.current()
    recipients = list(settings.BACKUP_AGE_RECIPIENTS)
    if not recipients:
        raise BackupError(
            "BACKUP_AGE_RECIPIENT manquant : indiquez la clé publique age (age1…) à laquelle "
            "chiffrer les sauvegardes."
        )
    _tool("age")
    _tool("pg_dump")
    now = now or datetime.now(UTC)
    name = f"{PREFIX}{now:%Y%m%dT%H%M%SZ}"
    backup_dir = Path(settings.BACKUP_DIR)
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = backup_dir / name
    if final.exists():
        raise BackupError(f"Une sauvegarde « {name} » existe déjà : relancez dans une seconde.")
    partial = backup_dir / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    previous_umask = os.umask(0o077)  # the encrypted files too: readable by their owner only
    # The backup itself is an access to every record: it is in the trail, and in the dump.
    record("core.backup.started", details={"backup": name})
    try:
        with target.connect() as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = table_counts(conn)
            _dump_database(target, snapshot, recipients, partial / DUMP_NAME)
        digests = _archive_files(
            Path(settings.PRIVATE_FILES_ROOT), recipients, partial / FILES_NAME
        )
        manifest = {
            "format": 1,
            "created_at": now.isoformat(),
            "database": target.name,
            "tables": counts,
            "files": digests,
        }
        encrypt = _age_encrypt(recipients, partial / MANIFEST_NAME, subprocess.PIPE)
        encrypt.stdin.write(json.dumps(manifest, sort_keys=True).encode())
        encrypt.stdin.close()
        _check(encrypt, "age (chiffrement du manifeste)")
        sizes = {}
        lines = []
        for item in (DUMP_NAME, FILES_NAME, MANIFEST_NAME):
            lines.append(f"{_sha256_file(partial / item)}  {item}\n")
            sizes[item] = (partial / item).stat().st_size
        (partial / SUMS_NAME).write_text("".join(lines), encoding="ascii")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        os.umask(previous_umask)
    return BackupResult(
        path=final,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(digests),
        sizes=sizes,
    )


# -- Restore check ---------------------------------------------------------------------------


@dataclass
class RestoreReport:
    backup: Path
    scratch: str
    tables: int = 0
    rows: int = 0
    files: int = 0
    live_differences: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    audit_verified: bool | None = None  # None: audit_verify is not available


def latest_backup() -> Path:
    root = Path(settings.BACKUP_DIR)
    candidates = sorted(p for p in root.glob(f"{PREFIX}*") if p.is_dir()) if root.is_dir() else []
    if not candidates:
        raise BackupError(f"Aucune sauvegarde dans {root} : lancez d'abord « make backup ».")
    return candidates[-1]


def _identity() -> str:
    identity = settings.BACKUP_AGE_IDENTITY_FILE
    if not identity or not Path(identity).is_file():
        raise BackupError(
            "BACKUP_AGE_IDENTITY_FILE manquant ou illisible : indiquez le fichier de clé privée "
            "age qui déchiffre les sauvegardes (conservé hors du serveur d'application)."
        )
    return identity


def _verify_sums(backup: Path) -> None:
    sums = backup / SUMS_NAME
    if not sums.is_file():
        raise BackupError(f"Sauvegarde incomplète : {SUMS_NAME} absent de {backup}.")
    for line in sums.read_text(encoding="ascii").splitlines():
        expected, name = line.split(maxsplit=1)
        path = backup / name.strip()
        if not path.is_file() or _sha256_file(path) != expected:
            raise BackupError(
                f"Sauvegarde altérée ou incomplète : « {name.strip()} » ne correspond "
                "pas à son empreinte SHA-256."
            )


@contextmanager
def _decrypted(path: Path, identity: str) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(  # noqa: S603
        [_tool("age"), "--decrypt", "--identity", identity, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    except BaseException as exc:
        process.kill()
        if process.wait() > 0:  # age failed first (wrong key, damaged file): say so
            _check(process, f"age (déchiffrement de {path.name})")
        raise exc
    # Readers may stop before the end (tar padding): drain so that age exits cleanly.
    while process.stdout.read(1 << 16):
        pass
    process.stdout.close()
    _check(process, f"age (déchiffrement de {path.name})")


def _read_manifest(backup: Path, identity: str) -> dict:
    with _decrypted(backup / MANIFEST_NAME, identity) as process:
        raw = process.stdout.read()
    return json.loads(raw)


def _recreate_database(target: PgTarget, name: str) -> None:
    with target.connect("postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_database(target: PgTarget, name: str) -> None:
    with target.connect("postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _restore_database(target: PgTarget, backup: Path, identity: str, scratch: str) -> None:
    with _decrypted(backup / DUMP_NAME, identity) as decrypt:
        restore = subprocess.Popen(  # noqa: S603
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--no-password",
                f"--dbname={scratch}",
            ],
            stdin=decrypt.stdout,
            stderr=subprocess.PIPE,
            env=target.env(scratch),
        )
        _check(restore, "pg_restore")


def _check_files(backup: Path, identity: str, expected: dict[str, str]) -> int:
    found: dict[str, str] = {}
    with (
        _decrypted(backup / FILES_NAME, identity) as decrypt,
        tarfile.open(fileobj=decrypt.stdout, mode="r|") as archive,
    ):
        for member in archive:
            if member.isfile():
                handle = archive.extractfile(member)
                found[member.name] = hashlib.sha256(handle.read()).hexdigest()
    if found != expected:
        missing = sorted(set(expected) - set(found))
        changed = sorted(k for k in expected if k in found and found[k] != expected[k])
        raise BackupError(
            f"Fichiers sauvegardés incohérents : {len(missing)} manquant(s), "
            f"{len(changed)} modifié(s), {len(set(found) - set(expected))} en trop."
        )
    return len(found)


def _verify_audit_chain(target: PgTarget, scratch: str, stdout) -> bool | None:
    """Runs `manage.py audit_verify` on the restored copy; None if the command does not exist.

    It runs in a child process whose DATABASE_URL names the copy: the check reads the restored
    database exactly as it would read the live one, through no extra connection alias.
    """
    from django.core.management import get_commands

    if "audit_verify" not in get_commands():
        return None
    auth = quote(target.user, safe="")
    if target.password:
        auth += ":" + quote(target.password, safe="")
    url = f"postgres://{auth}@{target.host}"
    url += f":{target.port}" if target.port else ""
    url += f"/{quote(scratch, safe='')}"
    url += f"?sslmode={target.sslmode}" if target.sslmode else ""
    process = subprocess.run(  # noqa: S603 - this project's manage.py, with its own Python
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "audit_verify"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if stdout is not None and process.stdout.strip():
        stdout.write("  " + process.stdout.strip())
    if process.returncode != 0:
        raise BackupError(
            "La chaîne du journal d'audit de la copie restaurée n'est pas intègre : "
            + (process.stderr.strip() or process.stdout.strip())[-500:]
        )
    return True


def restore_check(
    backup: Path | None = None,
    *,
    scratch: str | None = None,
    exact_live: bool = False,
    keep: bool = False,
    stdout=None,
) -> RestoreReport:
    from maillage.audit import record

    target = PgTarget.current()
    identity = _identity()
    backup = Path(backup) if backup else latest_backup()
    scratch = scratch or f"{target.name}_restore_check"
    if scratch == target.name or scratch == connections["default"].settings_dict["NAME"]:
        raise BackupError("La base de contrôle doit être distincte de la base en service.")
    _verify_sums(backup)
    manifest = _read_manifest(backup, identity)
    report = RestoreReport(backup=backup, scratch=scratch)
    _recreate_database(target, scratch)
    try:
        _restore_database(target, backup, identity, scratch)
        with target.connect(scratch) as conn:
            restored = table_counts(conn)
        if restored != manifest["tables"]:
            wrong = sorted(
                t
                for t in set(restored) | set(manifest["tables"])
                if restored.get(t) != manifest["tables"].get(t)
            )
            raise BackupError(
                "Nombre de lignes restaurées différent de la sauvegarde pour : "
                + ", ".join(wrong[:20])
            )
        report.tables, report.rows = len(restored), sum(restored.values())
        with target.connect() as conn:
            live = table_counts(conn)
        report.live_differences = {
            t: (restored.get(t, 0), live.get(t))
            for t in sorted(set(restored) | set(live))
            if restored.get(t) != live.get(t)
        }
        if exact_live and report.live_differences:
            raise BackupError(
                "La copie restaurée diffère de la base en service pour : "
                + ", ".join(list(report.live_differences)[:20])
            )
        report.files = _check_files(backup, identity, manifest["files"])
        report.audit_verified = _verify_audit_chain(target, scratch, stdout)
    finally:
        if not keep:
            _drop_database(target, scratch)
    record(
        "core.backup.verified",
        details={"backup": backup.name, "tables": report.tables, "files": report.files},
    )
    return report
