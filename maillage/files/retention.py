"""Stored files under the retention rules, and their bytes in a network's export and purge.

A file follows its owner: it is due once the retention rule's active period has passed since
its upload *and* its owner is no longer in the active base (archived, purged, or never attached).
So an attachment lives as long as the record it belongs to, and no longer.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.db.models import Q

from maillage.files.models import StoredFile
from maillage.files.services import stored_file_purge
from maillage.retention.registry import (
    archivable_kind,
    register_kind,
    register_network_blobs,
)

KIND = "files.storedfile"


def _owners_still_active(owner_type: str, public_ids: set) -> set:
    try:
        model = apps.get_model(owner_type)
    except (LookupError, ValueError):
        return set()
    return set(
        model._default_manager.filter(public_id__in=public_ids).values_list("public_id", flat=True)
    )


def queryset_due(now, rule, network):
    limit = now - timedelta(days=rule.active_days)
    candidates = StoredFile.all_objects.filter(network=network, created_at__lte=limit)
    by_owner: dict[str, set] = defaultdict(set)
    for owner_type, owner_id in candidates.exclude(owner_type="").values_list(
        "owner_type", "owner_public_id"
    ):
        by_owner[owner_type].add(owner_id)
    kept = Q()
    for owner_type, ids in by_owner.items():
        if active := _owners_still_active(owner_type, ids):
            kept |= Q(owner_type=owner_type, owner_public_id__in=active)
    return candidates.exclude(kept) if kept else candidates


def network_blobs(network):
    for stored in StoredFile.all_objects.filter(network=network).order_by("pk"):
        path = stored.path
        if path.exists():
            yield f"files/{stored.public_id}/{stored.original_name}", path


def register() -> None:
    kind = archivable_kind(
        KIND,
        "Pièces jointes (fichiers déposés)",
        model=StoredFile,
        date_field="created_at",
        purge=stored_file_purge,
    )
    kind["queryset_due"] = queryset_due
    register_kind(**kind, order=100)  # after the kinds of the records that own files
    register_network_blobs(network_blobs)
