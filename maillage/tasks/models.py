"""Bookkeeping of scheduled jobs (run by `manage.py run_scheduled`)."""

from django.db import models


class ScheduledRun(models.Model):
    """The last run of one scheduled job, and the lock that keeps two crons from running it twice.

    One row per job name. A cron takes the lock with a conditional UPDATE (only when the job is
    due and nobody holds an unexpired lock), so concurrent `run_scheduled` processes never run the
    same job at the same time; a lock left by a killed process expires after `locked_until`.
    """

    class Status(models.TextChoices):
        NEVER = "never", "jamais exécutée"
        RUNNING = "running", "en cours"
        OK = "ok", "réussie"
        FAILED = "failed", "en échec"

    name = models.CharField("tâche", max_length=100, unique=True)
    last_started_at = models.DateTimeField("dernier départ", null=True, blank=True)
    last_finished_at = models.DateTimeField("dernière fin", null=True, blank=True)
    last_status = models.CharField(
        "dernier résultat", max_length=10, choices=Status.choices, default=Status.NEVER
    )
    # A short French summary returned by the job, or the exception class on failure (never data).
    last_message = models.CharField("dernier compte rendu", max_length=300, blank=True)
    locked_until = models.DateTimeField("verrou jusqu'à", null=True, blank=True)
    run_count = models.PositiveIntegerField("exécutions", default=0)

    class Meta:
        verbose_name = "exécution planifiée"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_last_status_display()})"
