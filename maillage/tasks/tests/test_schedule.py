"""Scheduled jobs: registry, due times, the lock between overlapping crons, the French report."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from maillage.tasks import schedule
from maillage.tasks.models import ScheduledRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(monkeypatch):
    """An empty registry for the test, restored afterwards."""
    registry: dict = {}
    monkeypatch.setattr(schedule, "JOBS", registry)
    monkeypatch.setattr(schedule, "SCHEDULE", {})
    import maillage.tasks.management.commands.run_scheduled as command

    monkeypatch.setattr(command, "JOBS", registry)
    return registry


def _run(*args) -> str:
    out = StringIO()
    call_command("run_scheduled", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_the_apps_jobs_are_registered_at_start_up():
    from maillage.tasks.jobs import prune_task_results

    assert schedule.SCHEDULE["tasks.prune_task_results"] == (24 * 60, prune_task_results)


def test_a_name_cannot_be_registered_twice(jobs):
    def first(*, now):
        return None

    def second(*, now):
        return None

    schedule.register("demo.job", every_minutes=5)(first)
    schedule.register("demo.job", every_minutes=5)(first)  # the same module imported twice
    with pytest.raises(ValueError):
        schedule.register("demo.job", 5)(second)


def test_results_are_reported_as_counts_never_as_data():
    assert schedule.summary(None) == ""
    assert schedule.summary(3) == "3 élément(s) traité(s)"
    assert schedule.summary(["Dupont", "Martin"]) == "2 élément(s) traité(s)"
    assert schedule.summary("2 comptes désactivés") == "2 comptes désactivés"


def test_it_runs_a_job_once_then_waits_until_it_is_due(jobs):
    calls = []

    @schedule.register("demo.compteur", every_minutes=60)
    def count(now):
        calls.append(now)
        return "1 élément traité"

    start = timezone.now()
    first = schedule.run_due(start)
    assert [o.status for o in first] == ["ok"]
    assert first[0].message == "1 élément traité"
    assert schedule.run_due(start + timedelta(minutes=59))[0].status == "not_due"
    assert schedule.run_due(start + timedelta(minutes=60))[0].status == "ok"
    assert len(calls) == 2
    row = ScheduledRun.objects.get(name="demo.compteur")
    assert row.run_count == 2
    assert row.last_status == ScheduledRun.Status.OK
    assert row.locked_until is None
    assert row.last_message == "1 élément traité"


def test_a_second_cron_does_not_run_a_job_that_is_already_running(jobs):
    seen = []

    @schedule.register("demo.long", every_minutes=5)
    def long_job(now):
        # While this job runs, a second cron starts: it must not run it again.
        seen.append(schedule.run_due(now + timedelta(minutes=10))[0].status)
        return None

    outcome = schedule.run_due()[0]
    assert outcome.status == "ok"
    assert seen == ["locked"]
    assert ScheduledRun.objects.get(name="demo.long").run_count == 1


def test_an_abandoned_lock_expires(jobs):
    schedule.register("demo.abandon", every_minutes=5, lock_minutes=30)(lambda now: None)
    now = timezone.now()
    ScheduledRun.objects.create(
        name="demo.abandon",
        last_started_at=now - timedelta(hours=2),
        last_status=ScheduledRun.Status.RUNNING,
        locked_until=now - timedelta(hours=1, minutes=30),
    )
    assert schedule.run_due(now)[0].status == "ok"


def test_a_failing_job_is_recorded_without_its_message_and_fails_the_command(jobs):
    @schedule.register("demo.panne", every_minutes=5)
    def broken(now):
        raise RuntimeError("Dupont Jeanne, NIR 1 84 12 76 451 089 46")

    with pytest.raises(CommandError, match="1 tâche\\(s\\) planifiée\\(s\\) en échec"):
        _run()
    row = ScheduledRun.objects.get(name="demo.panne")
    assert row.last_status == ScheduledRun.Status.FAILED
    assert row.last_message == "Erreur RuntimeError"
    assert row.locked_until is None


def test_one_failing_job_does_not_stop_the_others(jobs):
    ran = []
    schedule.register("a.panne", every_minutes=5)(lambda now: 1 / 0)
    schedule.register("b.suivante", every_minutes=5)(lambda now: ran.append(now))
    with pytest.raises(CommandError):
        _run()
    assert len(ran) == 1


def test_the_command_reports_in_french(jobs):
    schedule.register("demo.rapport", every_minutes=30)(lambda now: "2 comptes désactivés")
    output = _run()
    assert "demo.rapport : exécutée en" in output
    assert "2 comptes désactivés" in output
    assert "1 tâche(s) planifiée(s) examinée(s)." in output
    output = _run()
    assert "demo.rapport : pas encore due (prochaine le" in output
    assert "demo.rapport — toutes les 30 min" in _run("--list")


def test_force_runs_a_job_that_is_not_due(jobs):
    calls = []
    schedule.register("demo.force", every_minutes=60)(lambda now: calls.append(now))
    _run()
    _run("--job", "demo.force", "--force")
    assert len(calls) == 2


def test_an_unknown_job_is_refused_in_french(jobs):
    with pytest.raises(CommandError, match="Tâche planifiée inconnue : « inexistante »"):
        _run("--job", "inexistante")


def test_old_task_results_are_pruned():
    from django_tasks_db.models import DBTaskResult

    from maillage.tasks.jobs import prune_task_results

    now = timezone.now()
    old = DBTaskResult.objects.create(
        task_path="maillage.tasks.mail.send_email_task",
        args_kwargs={"args": [], "kwargs": {}},
        status="SUCCESSFUL",
        enqueued_at=now - timedelta(days=10),
        finished_at=now - timedelta(days=8),
        backend_name="default",
        queue_name="default",
        priority=0,
    )
    recent = DBTaskResult.objects.create(
        task_path="maillage.tasks.mail.send_email_task",
        args_kwargs={"args": [], "kwargs": {}},
        status="SUCCESSFUL",
        enqueued_at=now - timedelta(days=1),
        finished_at=now - timedelta(days=1),
        backend_name="default",
        queue_name="default",
        priority=0,
    )
    assert prune_task_results(now=now) == "1 résultat(s) de tâche supprimé(s)"
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.filter(pk=recent.pk).exists()
