"""Kinds of records that retention rules apply to, registered by their apps.

An app registers each kind once, from its AppConfig.ready():

    from maillage.retention.registry import archivable_kind, register_kind

    register_kind(**archivable_kind(
        "intake.refused_request", "Demande web refusée",
        model=SupportRequest, date_field="decided_at", extra_filter=Q(status="refused"),
    ))

or with its own callables:

    register_kind(
        code, label,
        queryset_due=lambda now, rule, network: ...,   # records whose ACTIVE period is over
        archive=lambda obj, now: ...,                  # move to the intermediate archive
        purge=lambda obj: ...,                         # delete for good (bytes included)
    )

`queryset_due` returns every record of `network` (None: records that belong to no network)
whose active period under `rule` is over at `now`, archived or not: the service archives the
ones not yet archived and purges those archived for longer than the rule's archive period.
A kind without `archive` (the audit trail, which can't be changed) goes straight to deletion
once both periods are over.

Network export and purge discover models generically (`maillage.retention.network`); apps that
keep bytes outside the database register them with `register_network_blobs`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import models


@dataclass(frozen=True)
class RecordKind:
    code: str
    label: str
    queryset_due: Callable[[datetime, Any, Any], models.QuerySet]
    purge: Callable[[Any], None]
    archive: Callable[[Any, datetime], None] | None = None
    # Optional bulk deletion (returns the number deleted); used instead of `purge` per row.
    purge_queryset: Callable[[models.QuerySet], int] | None = None
    # For the director's reading: the archived rows of a network, and how to show one.
    archived_queryset: Callable[[Any], models.QuerySet] | None = None
    describe: Callable[[Any], list[tuple[str, str]]] | None = None
    # Kinds run in increasing order: records that follow others (files follow their owner) go
    # after them, so that one run is enough.
    order: int = 0

    @property
    def archivable(self) -> bool:
        return self.archive is not None


_KINDS: dict[str, RecordKind] = {}
_BLOB_SOURCES: list[Callable[[Any], Iterable[tuple[str, Path]]]] = []


def register_kind(
    code: str,
    label: str,
    *,
    queryset_due: Callable,
    purge: Callable,
    archive: Callable | None = None,
    purge_queryset: Callable | None = None,
    archived_queryset: Callable | None = None,
    describe: Callable | None = None,
    order: int = 0,
) -> RecordKind:
    """Registers (or re-registers, for tests and autoreload) a kind of record."""
    kind = RecordKind(
        code=code,
        label=label,
        queryset_due=queryset_due,
        purge=purge,
        archive=archive,
        purge_queryset=purge_queryset,
        archived_queryset=archived_queryset,
        describe=describe,
        order=order,
    )
    _KINDS[code] = kind
    return kind


def kinds() -> dict[str, RecordKind]:
    return {k.code: k for k in sorted(_KINDS.values(), key=lambda kind: kind.order)}


def get_kind(code: str) -> RecordKind | None:
    return _KINDS.get(code)


def unregister_kind(code: str) -> None:
    _KINDS.pop(code, None)


def register_network_blobs(source: Callable[[Any], Iterable[tuple[str, Path]]]) -> None:
    """`source(network)` yields (name in the archive, path on disk) for the bytes an app keeps
    outside the database for that network. Network export copies them; network purge deletes
    them once the rows are gone."""
    if source not in _BLOB_SOURCES:
        _BLOB_SOURCES.append(source)


def network_blobs(network) -> list[tuple[str, Path]]:
    return [blob for source in _BLOB_SOURCES for blob in source(network)]


def describe_fields(obj) -> list[tuple[str, str]]:
    """A plain reading of a record for the director: every concrete field, by its label."""
    rows = []
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(obj, field.name) if field.is_relation else field.value_from_object(obj)
        if hasattr(obj, f"get_{field.name}_display"):
            value = getattr(obj, f"get_{field.name}_display")()
        rows.append((str(field.verbose_name), "" if value is None else str(value)))
    return rows


def archivable_kind(
    code: str,
    label: str,
    *,
    model: type[models.Model],
    date_field: str,
    network_field: str | None = "network",
    extra_filter: models.Q | None = None,
    purge: Callable | None = None,
) -> dict[str, Any]:
    """The keyword arguments of `register_kind` for a model using `ArchivableModel`.

    `date_field` is the reference date (the active period counts from it; rows where it is
    empty are never due); `network_field` the lookup path to the network (None: no network).
    """

    def base(network):
        queryset = model.all_objects.all()
        if network_field is not None:
            queryset = queryset.filter(**{network_field: network})
        if extra_filter is not None:
            queryset = queryset.filter(extra_filter)
        return queryset

    def queryset_due(now, rule, network):
        limit = now - timedelta(days=rule.active_days)
        return base(network).filter(**{f"{date_field}__lte": limit})

    def archive(obj, now):
        type(obj).all_objects.filter(pk=obj.pk).update(archived_at=now)

    def default_purge(obj):
        type(obj).all_objects.filter(pk=obj.pk).delete()

    return {
        "code": code,
        "label": label,
        "queryset_due": queryset_due,
        "archive": archive,
        "purge": purge or default_purge,
        "archived_queryset": lambda network: base(network).filter(archived_at__isnull=False),
        "describe": describe_fields,
    }
