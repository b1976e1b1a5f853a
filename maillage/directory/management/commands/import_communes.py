"""import_communes: INSEE COG communes CSV and La Poste's base officielle des codes postaux."""

from django.core.management.base import BaseCommand, CommandError

from maillage.audit import record
from maillage.directory.imports.base import FileRefused
from maillage.directory.imports.communes import import_communes


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
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", metavar="FICHIER")

    def handle(self, *args, cog, postal, dry_run, report, **options):
        if not cog and not postal:
            raise CommandError("Indiquez le fichier du COG et/ou --codes-postaux FICHIER.")
        try:
            result, diff = import_communes(cog, postal, dry_run=dry_run, report=report)
        except FileNotFoundError as exc:
            raise CommandError(f"Fichier introuvable : {exc.filename}") from exc
        except FileRefused as exc:
            raise CommandError(f"Fichier refusé, rien n'a été modifié. {exc}") from exc
        for label, codes in (
            ("ajoutées", diff.added),
            ("modifiées", diff.changed),
            ("disparues du COG (conservées, marquées non courantes)", diff.vanished),
        ):
            if codes:
                shown = ", ".join(codes[:15]) + (" …" if len(codes) > 15 else "")
                self.stdout.write(f"Communes {label} : {len(codes)} ({shown})")
        if not dry_run:
            record(
                "directory.communes.imported",
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
