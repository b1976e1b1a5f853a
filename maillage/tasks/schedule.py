"""Scheduled jobs: a registry, and the runner behind `manage.py run_scheduled` (cron, 5 min).

Apps register their jobs in a module imported at start-up (their AppConfig.ready(), or a
`jobs.py` module, which TasksConfig.ready() imports automatically):

    from maillage.tasks.schedule import register

    @register("accounts.disable_dormant_accounts", every_minutes=24 * 60)
    def disable_dormant_accounts(*, now=None) -> int:
        ...
        return 3          # a count, a list (its length is reported) or a short French text

A job runs when `every_minutes` have passed since its last start; it is called with the keyword
`now`. Its result is reported as a count, never as data (no names in cron mail or logs).
Each job takes its own lock (`ScheduledRun.locked_until`) so that two overlapping crons never
run the same job twice. Jobs should be idempotent and quick; long work belongs in a background
task (`.enqueue()`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

JobFunc = Callable[..., object]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    every_minutes: int
    func: JobFunc
    # A lock older than this is considered abandoned (the process died) and may be taken again.
    lock_minutes: int


@dataclass(frozen=True)
class JobOutcome:
    name: str
    status: str  # "ok" | "failed" | "not_due" | "locked"
    message: str = ""
    seconds: float = 0.0
    next_due: datetime | None = None


JOBS: dict[str, ScheduledJob] = {}
# The same registry as name -> (every_minutes, func), for tests that check a job's period.
SCHEDULE: dict[str, tuple[int, JobFunc]] = {}


def _same_function(a: Callable, b: Callable) -> bool:
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


def register(
    name: str, every_minutes: int, *, lock_minutes: int | None = None
) -> Callable[[JobFunc], JobFunc]:
    """Declares `func(*, now)` as a job run every `every_minutes` minutes."""
    if every_minutes < 1:
        raise ValueError("every_minutes must be at least 1")

    def decorator(func: JobFunc) -> JobFunc:
        existing = JOBS.get(name)
        if existing is not None and not _same_function(existing.func, func):
            raise ValueError(f"A scheduled job named {name!r} is already registered.")
        JOBS[name] = ScheduledJob(
            name=name,
            every_minutes=every_minutes,
            func=func,
            lock_minutes=lock_minutes or max(60, every_minutes),
        )
        SCHEDULE[name] = (every_minutes, func)
        return func

    return decorator


def summary(result) -> str:
    """What a job returned, as a short text without data: a count, or the job's own text."""
    if result is None:
        return ""
    if isinstance(result, str):
        return result
    if isinstance(result, bool):
        return "fait" if result else "rien à faire"
    if isinstance(result, int):
        return f"{result} élément(s) traité(s)"
    try:
        return f"{len(result)} élément(s) traité(s)"
    except TypeError:
        return "fait"


def _run_row(name: str):
    from maillage.tasks.models import ScheduledRun

    row = ScheduledRun.objects.filter(name=name).first()
    if row is None:
        try:
            with transaction.atomic():
                row = ScheduledRun.objects.create(name=name)
        except IntegrityError:  # another cron created it at the same moment
            row = ScheduledRun.objects.get(name=name)
    return row


def _acquire(job: ScheduledJob, now: datetime, *, force: bool) -> bool:
    """Takes the job's lock if it is due (or forced) and not held: one conditional UPDATE."""
    from maillage.tasks.models import ScheduledRun

    _run_row(job.name)
    free = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    due = Q(last_started_at__isnull=True) | Q(
        last_started_at__lte=now - timedelta(minutes=job.every_minutes)
    )
    condition = free if force else free & due
    taken = ScheduledRun.objects.filter(condition, name=job.name).update(
        locked_until=now + timedelta(minutes=job.lock_minutes),
        last_started_at=now,
        last_status=ScheduledRun.Status.RUNNING,
    )
    return taken == 1


def next_due(job: ScheduledJob) -> datetime | None:
    from maillage.tasks.models import ScheduledRun

    started = (
        ScheduledRun.objects.filter(name=job.name).values_list("last_started_at", flat=True).first()
    )
    return started + timedelta(minutes=job.every_minutes) if started else None


def run_job(job: ScheduledJob, now: datetime | None = None, *, force: bool = False) -> JobOutcome:
    from maillage.tasks.models import ScheduledRun

    now = now or timezone.now()
    if not _acquire(job, now, force=force):
        row = ScheduledRun.objects.get(name=job.name)
        if row.locked_until and row.locked_until > now:
            return JobOutcome(job.name, "locked", next_due=row.locked_until)
        return JobOutcome(job.name, "not_due", next_due=next_due(job))
    started = time.monotonic()
    try:
        message = summary(job.func(now=now))
        status, row_status = "ok", ScheduledRun.Status.OK
    except Exception as exc:
        # The exception's text may quote data: keep only its class, log the rest as JSON.
        logger.exception("scheduled job failed", extra={"event": job.name})
        message = f"Erreur {exc.__class__.__name__}"
        status, row_status = "failed", ScheduledRun.Status.FAILED
    seconds = time.monotonic() - started
    ScheduledRun.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(),
        last_status=row_status,
        last_message=str(message)[:300],
        locked_until=None,
        run_count=F("run_count") + 1,
    )
    return JobOutcome(job.name, status, str(message), seconds)


def run_due(now: datetime | None = None, *, only: str | None = None, force: bool = False):
    """Runs every due job (or the one named `only`), in name order; returns their outcomes."""
    now = now or timezone.now()
    names = sorted(JOBS) if only is None else [only]
    return [run_job(JOBS[name], now, force=force) for name in names]
