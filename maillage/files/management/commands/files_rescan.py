"""Scans again the files kept in quarantine while the antivirus was unreachable."""

from django.core.management.base import BaseCommand

from maillage.files.services import stored_files_rescan


class Command(BaseCommand):
    help = "Analyse à nouveau les fichiers en quarantaine (antivirus indisponible au dépôt)."

    def handle(self, *args, **options):
        counts = stored_files_rescan()
        self.stdout.write(
            f"Fichiers sains : {counts['clean']} ; infectés (supprimés) : {counts['infected']} ; "
            f"toujours en attente : {counts['pending']}."
        )
