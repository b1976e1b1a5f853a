"""generate_rpps_file --rows N --output FILE: a synthetic Annuaire Santé extraction."""

import time

from django.core.management.base import BaseCommand

from maillage.directory.synthetic import generate_rpps_file


class Command(BaseCommand):
    help = (
        "Écrit un fichier PS_LibreAcces_Personne_activite synthétique (personnes fictives, "
        "clés valides) pour les mesures de performance."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=2_300_000)
        parser.add_argument("--output", required=True)
        parser.add_argument("--layout", type=int, choices=[52, 56], default=56)

    def handle(self, *args, rows, output, layout, **options):
        started = time.monotonic()
        professionals = generate_rpps_file(output, rows, layout=layout)
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows} lignes ({professionals} professionnels) écrites dans {output} "
                f"en {time.monotonic() - started:.1f} s."
            )
        )
