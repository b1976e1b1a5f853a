"""`manage.py backup`: encrypted backup of the PostgreSQL database and the private files."""

from django.core.management.base import BaseCommand, CommandError

from maillage.core.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde chiffrée (age) de la base PostgreSQL et des fichiers déposés, dans BACKUP_DIR."
    )

    def handle(self, *args, **options):
        try:
            result = create_backup()
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = sum(result.sizes.values()) / 1_000_000
        self.stdout.write(
            self.style.SUCCESS(f"Sauvegarde chiffrée écrite : {result.path}")
            + f"\n  {result.tables} tables, {result.rows} lignes, {result.files} fichier(s), "
            f"{size:.1f} Mo chiffrés."
        )
