"""Applying the retention rules: archive what left the active period, purge what left the archive.

`apply_retention(now=...)` takes the time as an argument, so a test can travel in time without
freezing the clock. Counts are returned per kind, and recorded in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from maillage.audit import record
from maillage.networks.models import Network
from maillage.retention.models import RetentionRule
from maillage.retention.registry import RecordKind, kinds


class PurgeRefused(Exception):
    """This kind can't be purged here (the audit trail on SQLite); the reason is the message."""


@dataclass
class KindReport:
    code: str
    label: str
    archived: int = 0
    purged: int = 0
    refused: list[str] = field(default_factory=list)


def rule_in_force(record_kind: str, network: Network | None, on: date) -> RetentionRule | None:
    """The network's own rule in force on that date, else the platform default in force."""
    rules = RetentionRule.objects.filter(record_kind=record_kind, valid_from__lte=on)
    if network is not None:
        own = rules.filter(network=network).order_by("-valid_from").first()
        if own is not None:
            return own
    return rules.filter(network__isnull=True).order_by("-valid_from").first()


def _scopes() -> list[Network | None]:
    return [*Network.objects.order_by("pk"), None]


def _purge(kind: RecordKind, queryset, dry_run: bool) -> int:
    if dry_run:
        return queryset.count()
    if kind.purge_queryset is not None:
        return kind.purge_queryset(queryset)
    count = 0
    for obj in queryset.iterator(chunk_size=500):
        kind.purge(obj)
        count += 1
    return count


def _apply_kind(kind: RecordKind, now: datetime, dry_run: bool) -> KindReport:
    report = KindReport(kind.code, kind.label)
    for network in _scopes():
        rule = rule_in_force(kind.code, network, now.date())
        if rule is None:
            continue  # no rule: nothing is archived or deleted
        archive_limit = now - timedelta(days=rule.archive_days)
        also_counted = 0
        if kind.archivable:
            to_archive = list(
                kind.queryset_due(now, rule, network).filter(archived_at__isnull=True)
            )
            if not dry_run:
                for obj in to_archive:
                    kind.archive(obj, now)
            elif rule.archive_days == 0:
                also_counted = len(to_archive)  # a real run would purge them at once
            report.archived += len(to_archive)
            due = kind.queryset_due(now, rule, network)
            to_purge = due.filter(archived_at__lte=archive_limit)
        else:
            # Nothing to archive (the audit trail can't be changed): deleted once both periods
            # have passed since the reference date.
            to_purge = kind.queryset_due(archive_limit, rule, network)
        try:
            with transaction.atomic():
                report.purged += _purge(kind, to_purge, dry_run) + also_counted
        except PurgeRefused as refusal:
            if (reason := str(refusal)) not in report.refused:
                report.refused.append(reason)
    return report


def apply_retention(*, now: datetime | None = None, dry_run: bool = False) -> list[KindReport]:
    """Archives then purges, kind by kind, network by network, what the rules say is due."""
    now = now or timezone.now()
    reports = [_apply_kind(kind, now, dry_run) for kind in kinds().values()]
    if not dry_run:
        record(
            "retention.rules.applied",
            details={
                "at": now.isoformat(),
                "counts": {r.code: {"archived": r.archived, "purged": r.purged} for r in reports},
            },
        )
    return reports
