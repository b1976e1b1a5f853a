"""What the three import commands share: options, the French summary, the ImportRun record."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils import timezone

from maillage.audit import record
from maillage.directory.imports.base import FileRefused, ImportResult
from maillage.directory.models import ImportRun


def add_common_arguments(parser) -> None:
    parser.add_argument("file", help="chemin du fichier téléchargé")
    parser.add_argument(
        "--dry-run", action="store_true", help="tout vérifier et compter sans rien enregistrer"
    )
    parser.add_argument(
        "--report", metavar="FICHIER", help="écrit les lignes rejetées (ligne;identifiant;motif)"
    )
    parser.add_argument(
        "--departement",
        metavar="CODES",
        default="",
        help="n'importer que ces départements, séparés par des virgules (ex. 75,92) ; "
        "aucune désactivation dans ce cas",
    )
    parser.add_argument("--no-progress", action="store_true", help="sans barre de progression")


def parse_departements(value: str) -> list[str]:
    codes = [c.strip().upper() for c in (value or "").split(",") if c.strip()]
    for code in codes:
        if not (len(code) in (2, 3) and (code.isdigit() or code in ("2A", "2B"))):
            raise CommandError(
                f"--departement : « {code} » n'est pas un code de département (ex. 44, 2A, 974)."
            )
    return codes


def run_import(command, kind: str, path: str, runner, *, dry_run: bool, full: bool) -> ImportResult:
    """Runs `runner()` (which returns an ImportResult), prints the French summary, records the
    run and the audit event; a refused file becomes a CommandError with the reason."""
    run = ImportRun(
        kind=kind, file_name=str(path)[:300], started_at=timezone.now(), dry_run=dry_run
    )
    try:
        result = runner()
    except FileNotFoundError as exc:
        raise CommandError(f"Fichier introuvable : {path}") from exc
    except FileRefused as exc:
        run.outcome, run.message, run.finished_at = "refused", str(exc), timezone.now()
        run.save()
        raise CommandError(f"Fichier refusé, rien n'a été modifié. {exc}") from exc
    run.finished_at = timezone.now()
    run.full_snapshot = full
    run.file_sha256 = result.sha256
    for name in ("rows_read", "created", "updated", "deactivated", "rejected"):
        setattr(run, name, getattr(result, name))
    run.outcome = "dry_run" if dry_run else "done"
    run.message = result.summary()
    run.save()
    if not dry_run:
        from maillage.directory.search import forget_vocabulary

        forget_vocabulary(rebuild=kind == "rpps")
        record(
            f"directory.{kind}.imported",
            target=run,
            details={
                "file": str(path)[-200:],
                "sha256": result.sha256,
                "rows": result.rows_read,
                "created": result.created,
                "updated": result.updated,
                "deactivated": result.deactivated,
                "rejected": result.rejected,
            },
        )
    for phase, seconds in result.phases.items():
        command.stdout.write(f"  {phase} : {seconds:.1f} s")
    for warning in result.warnings:
        command.stdout.write(command.style.WARNING(warning))
    for sample in result.samples[:5]:
        command.stdout.write(f"  rejet ligne {sample.line} ({sample.identifier}) : {sample.reason}")
    command.stdout.write(command.style.SUCCESS(result.summary()))
    return result
