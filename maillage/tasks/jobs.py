"""Scheduled jobs of the tasks app itself."""

from datetime import timedelta

from maillage.tasks.schedule import register

# Finished task results keep their arguments (an email's recipients and text): keep them briefly.
SUCCESSFUL_RESULTS_DAYS = 7
FAILED_RESULTS_DAYS = 30


@register("tasks.prune_task_results", every_minutes=24 * 60)
def prune_task_results(*, now=None) -> str:
    from django.db.models import Q
    from django.utils import timezone
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    deleted, _ = (
        DBTaskResult.objects.finished()
        .filter(
            Q(
                status=TaskResultStatus.SUCCESSFUL,
                finished_at__lte=now - timedelta(days=SUCCESSFUL_RESULTS_DAYS),
            )
            | Q(
                status=TaskResultStatus.FAILED,
                finished_at__lte=now - timedelta(days=FAILED_RESULTS_DAYS),
            )
        )
        .delete()
    )
    return f"{deleted} résultat(s) de tâche supprimé(s)"
