"""import_communes: INSEE COG communes CSV and La Poste's base officielle des codes postaux."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from maillage.audit import record
from maillage.directory.imports.base import FileRefused
from maillage.directory.imports.communes import import_communes
from maillage.directory.models import ImportKind, ImportRun


class Command(BaseCommand):
    help = (
        "Importe les communes (fichier COG de l'INSEE) puis leurs codes postaux et coordonnées "
        "(base officielle des codes postaux de La Poste). Sans perte : une commune disparue est "
        "conservée et marquée."
    )

    def add_arguments(self, parser):
        parser.add_argument("cog", nargs="?", help="fichier commune_AAAA.csv de l'INSEE")
        parser.add_argument(
            "--codes-postaux", dest="postal", help="fichier de La Poste (séparateur « ; »)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="tout vérifier et compter sans rien enregistrer"
        )
        parser.add_argument(
            "--report",
            metavar="FICHIER",
            help="écrit les lignes rejetées (ligne;identifiant;motif)",
        )
        parser.add_argument(
            "--diff",
            metavar="FICHIER",
            help="écrit chaque commune ajoutée, modifiée ou disparue (changement;code_insee;nom;"
            "detail)",
        )

    def handle(self, *args, cog, postal, dry_run, report, diff=None, **options):
        diff_path = diff
        if not cog and not postal:
            raise CommandError("Indiquez le fichier du COG et/ou --codes-postaux FICHIER.")
        run = ImportRun(
            kind=ImportKind.COMMUNES,
            file_name=" + ".join(str(p) for p in (cog, postal) if p)[:300],
            started_at=timezone.now(),
            dry_run=dry_run,
            full_snapshot=bool(cog),
        )
        try:
            result, diff = import_communes(cog, postal, dry_run=dry_run, report=report)
        except FileNotFoundError as exc:
            raise CommandError(f"Fichier introuvable : {exc.filename}") from exc
        except FileRefused as exc:
            run.outcome, run.message, run.finished_at = "refused", str(exc), timezone.now()
            run.save()
            raise CommandError(f"Fichier refusé, rien n'a été modifié. {exc}") from exc
        run.finished_at = timezone.now()
        run.rows_read, run.created, run.updated = result.rows_read, result.created, result.updated
        run.deactivated, run.rejected = result.deactivated, result.rejected
        run.outcome = "dry_run" if dry_run else "done"
        run.message = result.summary()
        run.save()
        for label, codes in (
            ("ajoutées", diff.added),
            ("modifiées", diff.changed),
            ("disparues du COG (conservées, marquées non courantes)", diff.vanished),
        ):
            if codes:
                shown = ", ".join(diff.label(c) for c in codes[:15])
                more = f" … et {len(codes) - 15} autres" if len(codes) > 15 else ""
                self.stdout.write(f"Communes {label} : {len(codes)} ({shown}{more})")
        for code in diff.changed[:15]:
            if diff.details.get(code):
                self.stdout.write(f"  {diff.label(code)} : {diff.details[code]}")
        if diff.vanished:
            self.stdout.write(
                "Les dossiers, lieux d'activité, structures et territoires rattachés aux "
                "communes disparues gardent leur commune."
            )
        if diff_path:
            diff.write_csv(diff_path)
            self.stdout.write(f"Détail des changements écrit dans {diff_path}.")
        for sample in result.samples[:5]:
            self.stdout.write(
                f"  rejet ligne {sample.line} ({sample.identifier}) : {sample.reason}"
            )
        if not dry_run:
            record(
                "directory.communes.imported",
                target=run,
                details={
                    "added": len(diff.added),
                    "changed": len(diff.changed),
                    "vanished": diff.vanished[:200],
                    "rejected": result.rejected,
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                result.summary()
                .replace("créés", "communes ajoutées")
                .replace("mis à jour", "modifiées")
                .replace("désactivés", "disparues")
            )
        )
