"""Reads of the intermediate archive (director only, see permissions)."""

from __future__ import annotations

from maillage.retention.registry import RecordKind, kinds


def archive_kinds() -> list[RecordKind]:
    """Kinds whose archived records can be read (they register `archived_queryset`)."""
    return [kind for kind in kinds().values() if kind.archived_queryset is not None]


def archived_list(kind: RecordKind, network):
    return kind.archived_queryset(network).order_by("-archived_at", "pk")
