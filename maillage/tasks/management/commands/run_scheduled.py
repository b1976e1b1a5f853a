"""Runs the scheduled jobs that are due. Meant for cron, every 5 minutes:

*/5 * * * *  cd /srv/maillage && .venv/bin/python manage.py run_scheduled --quiet
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from maillage.tasks.schedule import JOBS, next_due, run_due


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "dès maintenant"


class Command(BaseCommand):
    help = "Exécute les tâches planifiées arrivées à échéance (à lancer par cron toutes les 5 min)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", dest="list_jobs", action="store_true", help="Liste les tâches planifiées."
        )
        parser.add_argument("--job", help="N'exécute que cette tâche.")
        parser.add_argument(
            "--force", action="store_true", help="Exécute même si la tâche n'est pas due."
        )
        parser.add_argument(
            "--quiet", action="store_true", help="N'affiche que les tâches exécutées ou en échec."
        )

    def handle(self, *args, list_jobs: bool, job: str | None, force: bool, quiet: bool, **options):
        if job is not None and job not in JOBS:
            known = ", ".join(sorted(JOBS)) or "aucune"
            raise CommandError(f"Tâche planifiée inconnue : « {job} ». Tâches connues : {known}.")
        if list_jobs:
            for name in sorted(JOBS):
                scheduled = JOBS[name]
                self.stdout.write(
                    f"{name} — toutes les {scheduled.every_minutes} min — "
                    f"prochaine exécution : {_when(next_due(scheduled))}"
                )
            return
        outcomes = run_due(only=job, force=force)
        failures = 0
        for outcome in outcomes:
            if outcome.status == "ok":
                detail = f" — {outcome.message}" if outcome.message else ""
                self.stdout.write(
                    self.style.SUCCESS(f"{outcome.name} : exécutée en {outcome.seconds:.1f} s")
                    + detail
                )
            elif outcome.status == "failed":
                failures += 1
                self.stderr.write(f"{outcome.name} : en échec ({outcome.message})")
            elif quiet:
                continue
            elif outcome.status == "locked":
                self.stdout.write(
                    f"{outcome.name} : déjà en cours ailleurs (verrou jusqu'au "
                    f"{_when(outcome.next_due)})"
                )
            else:
                self.stdout.write(
                    f"{outcome.name} : pas encore due (prochaine le {_when(outcome.next_due)})"
                )
        if failures:
            raise CommandError(f"{failures} tâche(s) planifiée(s) en échec : voir ci-dessus.")
        if not quiet:
            self.stdout.write(f"{len(outcomes)} tâche(s) planifiée(s) examinée(s).")
