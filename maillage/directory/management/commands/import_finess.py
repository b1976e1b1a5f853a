"""import_finess FILE: FINESS etalab extract (stock or historique) or FINESS+ JSON flow."""

from django.core.management.base import BaseCommand

from maillage.directory.imports.command import (
    add_common_arguments,
    parse_departements,
    run_import,
)
from maillage.directory.imports.finess import FinessImporter


class Command(BaseCommand):
    help = (
        "Importe les établissements FINESS (extrait etalab « stock » ou « historique », "
        "ou flux FINESS+ JSON) dans l'annuaire des structures."
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)

    def handle(self, *args, file, dry_run, report, departement, no_progress, **options):
        departements = parse_departements(departement)
        run_import(
            self,
            "finess",
            file,
            lambda: FinessImporter(
                file,
                departements=departements,
                dry_run=dry_run,
                report=report,
                show_progress=not no_progress,
            ).run(),
            dry_run=dry_run,
            full=not departements,
        )
