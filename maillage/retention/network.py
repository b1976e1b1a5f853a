"""A network leaves the platform: export all its data, then purge it (reversibility).

Which rows belong to a network is discovered from the models themselves (`_meta`), so every app
added later is covered without registering anything:
- a model with a foreign key to `Network` belongs to it through that key;
- a model with a foreign key to a model that belongs to a network belongs to it through that
  path (`record__patient__network`), at any depth; auto-created many-to-many tables included;
- a model with a plain `network_uuid` column (the audit trail, which has no foreign keys) belongs
  to the network whose public id it holds.
A row reached through any of its paths belongs to the network. Bytes kept outside the database
come from `registry.register_network_blobs` (stored files).

Shared tables (users, directory, communes, thematics) have no path to a network and stay.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from maillage.audit import record
from maillage.networks.models import Network
from maillage.retention.registry import network_blobs

_MAX_DEPTH = 8
UUID_REFERENCE_FIELD = "network_uuid"
EXPORT_FORMAT = "maillage-network-export/1"


def _foreign_keys(model) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.remote_field.model is not None
    ]


def network_paths() -> dict[type[models.Model], list[str]]:
    """For every model (Network excepted) with a path to Network: the lookups along it."""
    all_models = apps.get_models(include_auto_created=True)
    paths: dict[type[models.Model], list[tuple[str, frozenset]]] = defaultdict(list)
    frontier = [(Network, "", frozenset({Network}))]
    for _ in range(_MAX_DEPTH):
        next_frontier = []
        for target, suffix, seen in frontier:
            for model in all_models:
                if model in seen or model is Network:
                    continue
                for fk in _foreign_keys(model):
                    if fk.remote_field.model is not target:
                        continue
                    lookup = f"{fk.name}__{suffix}" if suffix else fk.name
                    paths[model].append((lookup, seen))
                    next_frontier.append((model, lookup, seen | {model}))
        if not next_frontier:
            break
        frontier = next_frontier
    return {model: sorted({lookup for lookup, _ in found}) for model, found in paths.items()}


def uuid_reference_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if any(
            f.name == UUID_REFERENCE_FIELD and isinstance(f, models.UUIDField)
            for f in model._meta.concrete_fields
        )
    ]


def rows_of(network: Network) -> dict[type[models.Model], list]:
    """Primary keys of every row that belongs to the network, by model (Network included)."""
    rows: dict[type[models.Model], list] = {}
    for model, lookups in network_paths().items():
        condition = Q()
        for lookup in lookups:
            condition |= Q(**{lookup: network})
        pks = list(
            model._base_manager.filter(condition).order_by("pk").values_list("pk", flat=True)
        )
        if pks:
            rows[model] = sorted(set(pks))
    for model in uuid_reference_models():
        pks = list(
            model._base_manager.filter(**{UUID_REFERENCE_FIELD: network.public_id})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if pks:
            rows[model] = pks
    rows[Network] = [network.pk]
    return rows


def _chunks(items: list, size: int = 1000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Export ----------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]
    files: int
    sha256: str


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def export_network(*, network: Network, output: Path, actor=None) -> ExportResult:
    """Writes a ZIP archive: `manifest.json`, `data/<app>.<model>.jsonl` (Django's JSON Lines
    serialisation, loadable with `loaddata`), `files/<public id>/<name>` (stored files)."""
    rows = rows_of(network)
    counts: dict[str, int] = {}
    files = []
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for model, pks in sorted(rows.items(), key=lambda item: item[0]._meta.label_lower):
            label = model._meta.label_lower
            counts[label] = len(pks)
            with archive.open(f"data/{label}.jsonl", "w") as entry:
                text = io.TextIOWrapper(entry, encoding="utf-8", newline="\n")
                for chunk in _chunks(pks):
                    objects = model._base_manager.filter(pk__in=chunk).order_by("pk")
                    serializers.serialize("jsonl", objects, stream=text)
                text.flush()
                text.detach()
        for name, path in network_blobs(network):
            archive.write(path, name)
            files.append({"name": name, "size": path.stat().st_size, "sha256": _file_sha256(path)})
        manifest = {
            "format": EXPORT_FORMAT,
            "network": {
                "slug": network.slug,
                "name": network.name,
                "public_id": str(network.public_id),
            },
            "generated_at": timezone.now().isoformat(),
            "models": counts,
            "files": files,
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr("LISEZMOI.txt", _README)
    digest = _file_sha256(output)
    record(
        "retention.network.exported",
        actor=actor,
        network=network,
        details={"models": counts, "files": len(files), "sha256": digest},
    )
    return ExportResult(output, counts, len(files), digest)


_README = """Export complet d'un réseau quittant la plateforme Maillage.

- manifest.json : le réseau, la date de l'export, le nombre d'enregistrements par table et la
  liste des fichiers avec leur empreinte SHA-256 ;
- data/<application>.<table>.jsonl : une ligne JSON par enregistrement (format JSON Lines de
  Django, rechargeable avec « manage.py loaddata ») ;
- files/<identifiant>/<nom> : les fichiers déposés.

Ce fichier contient des données de santé : conservez-le chiffré et détruisez-le après usage.
"""


# Purge -----------------------------------------------------------------------------------------


@dataclass
class PurgeResult:
    counts: dict[str, int]
    files: int
    refused: list[str] = field(default_factory=list)


def _deletion_order(rows: dict) -> list[type[models.Model]]:
    """Rows that point at others go first (the deepest paths first, Network last)."""
    depth = {
        model: max(lookup.count("__") for lookup in lookups) + 1
        for model, lookups in network_paths().items()
    }
    return sorted(
        rows,
        key=lambda model: (model is Network, -depth.get(model, 0), model._meta.label_lower),
    )


def purge_network(*, network: Network, actor=None) -> PurgeResult:
    """Deletes every row of the network and its stored bytes, in one transaction.

    The rows are removed directly (PROTECT only guards against deleting a record that others
    still need; here they all go together). Foreign keys are checked before the commit: if any
    row outside the network still pointed at one of them, everything is rolled back.
    """
    from maillage.audit.models import AuditEvent
    from maillage.retention.audit_purge import purge_audit_events
    from maillage.retention.services import PurgeRefused

    blobs = [path for _name, path in network_blobs(network)]
    slug = network.slug
    refused: list[str] = []
    with transaction.atomic():
        rows = rows_of(network)
        audit_pks = rows.pop(AuditEvent, [])
        counts: dict[str, int] = {}
        from maillage.patients.purge import journal_deletion_allowed

        with journal_deletion_allowed():  # the coordination journal is append-only otherwise
            for model in _deletion_order(rows):
                deleted = 0
                for chunk in _chunks(rows[model]):
                    deleted += model._base_manager.filter(pk__in=chunk)._raw_delete(
                        connection.alias
                    )
                counts[model._meta.label_lower] = deleted
        connection.check_constraints()
        if audit_pks:
            try:
                counts["audit.auditevent"] = purge_audit_events(
                    AuditEvent.objects.filter(pk__in=audit_pks)
                )
            except PurgeRefused as refusal:
                refused.append(str(refusal))
        record(
            "retention.network.purged",
            actor=actor,
            details={"network_slug": slug, "counts": counts},
        )
        transaction.on_commit(lambda: [path.unlink(missing_ok=True) for path in blobs])
    return PurgeResult(counts, len(blobs), refused)
