"""Applies the retention rules: archives, then purges, what is due. Run daily by the scheduler."""

from django.core.management.base import BaseCommand

from maillage.retention.services import apply_retention


class Command(BaseCommand):
    help = (
        "Archive puis supprime les enregistrements arrivés au terme de leur durée de conservation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Compte ce qui serait archivé et supprimé, sans rien modifier.",
        )

    def handle(self, *args, dry_run=False, **options):
        reports = apply_retention(dry_run=dry_run)
        verbs = ("à archiver", "à supprimer") if dry_run else ("archivé(s)", "supprimé(s)")
        if dry_run:
            self.stdout.write("Simulation : rien n'est modifié.")
        for report in reports:
            self.stdout.write(
                f"{report.label} : {report.archived} {verbs[0]}, {report.purged} {verbs[1]}."
            )
            for reason in report.refused:
                self.stdout.write(self.style.WARNING(f"  {reason}"))
