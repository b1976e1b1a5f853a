"""import_rpps FILE: the Annuaire Santé extraction PS_LibreAcces_Personne_activite."""

from django.core.management.base import BaseCommand

from maillage.directory.imports.command import (
    add_common_arguments,
    parse_departements,
    run_import,
)
from maillage.directory.imports.rpps import RppsImporter


class Command(BaseCommand):
    help = (
        "Importe l'extraction PS_LibreAcces_Personne_activite de l'Annuaire Santé "
        "(RPPS/ADELI, 52 ou 56 colonnes)."
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)

    def handle(self, *args, file, dry_run, report, departement, no_progress, **options):
        departements = parse_departements(departement)
        importer_args = {
            "departements": departements,
            "dry_run": dry_run,
            "report": report,
            "show_progress": not no_progress,
        }
        run_import(
            self,
            "rpps",
            file,
            lambda: RppsImporter(file, **importer_args).run(),
            dry_run=dry_run,
            full=not departements,
        )
