"""`manage.py restore_check`: proves that the latest backup can be restored and is complete."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.core.backups import BackupError, restore_check


class Command(BaseCommand):
    help = (
        "Restaure la dernière sauvegarde dans une base de contrôle, compare le nombre de lignes "
        "par table, vérifie les fichiers et la chaîne du journal d'audit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backup", type=Path, help="Dossier de sauvegarde (défaut : la plus récente)."
        )
        parser.add_argument(
            "--scratch-database", help="Base de contrôle (défaut : <base>_restore_check)."
        )
        parser.add_argument(
            "--exact-live",
            action="store_true",
            help="Échoue aussi si la copie diffère de la base en service (rien n'a écrit depuis).",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Conserve la base de contrôle après la vérification.",
        )

    def handle(self, *args, backup, scratch_database, exact_live, keep, **options):
        try:
            report = restore_check(
                backup,
                scratch=scratch_database,
                exact_live=exact_live,
                keep=keep,
                stdout=self.stdout,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        write = self.stdout.write
        write(f"Sauvegarde : {report.backup}")
        write(
            f"  Base restaurée dans « {report.scratch} » : {report.tables} tables, "
            f"{report.rows} lignes, identiques au manifeste de la sauvegarde."
        )
        if report.live_differences:
            write("  Écarts avec la base en service (écritures depuis la sauvegarde) :")
            for table, (restored, live) in report.live_differences.items():
                live_text = "absente" if live is None else str(live)
                write(f"    {table} : sauvegarde {restored}, en service {live_text}")
        else:
            write("  Nombre de lignes identique à la base en service pour chaque table.")
        write(f"  Fichiers : {report.files} fichier(s) restauré(s), empreintes SHA-256 conformes.")
        if report.audit_verified is None:
            self.stderr.write(
                "  Attention : la commande audit_verify est absente, la chaîne du journal d'audit "
                "de la copie n'a pas été vérifiée."
            )
        else:
            write("  Chaîne du journal d'audit de la copie vérifiée (audit_verify).")
        if keep:
            write(f"  Base de contrôle conservée : « {report.scratch} ».")
        write(self.style.SUCCESS("Restauration vérifiée."))
