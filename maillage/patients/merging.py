"""How each relation to `Patient` behaves when two records are merged.

Every model pointing at `Patient` must say it here, from its app's `AppConfig.ready()`:

    from maillage.patients.merging import MOVE, register_merge_handler
    register_merge_handler("hospital.hospitalstay", "patient", MOVE)

`MOVE` re-points the rows from the absorbed record to the kept one (and back on undo). A custom
`MergeHandler` resolves uniqueness rules first (one open enrolment, one current GP…). `IGNORE`
is for relations that describe the merge itself. A test walks `Patient._meta.related_objects`
and fails on any relation left unregistered, so that every app added later stays mergeable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class MergeHandler:
    """`merge(kept, absorbed, ctx) -> payload` (JSON-serialisable, kept for undo);
    `undo(kept, absorbed, payload, ctx)`. `ctx` is a dict shared by the handlers of one merge
    (it holds the actor, the date and the request)."""

    merge: Callable[..., Any]
    undo: Callable[..., None]


IGNORE = "ignore"
MOVE = "move"

_HANDLERS: dict[tuple[str, str], MergeHandler | str] = {}


def register_merge_handler(model_label: str, field_name: str, handler: MergeHandler | str):
    """`model_label` is "app_label.modelname" (lower case); `field_name` the FK to Patient."""
    _HANDLERS[(model_label.lower(), field_name)] = handler


def handler_for(model_label: str, field_name: str) -> MergeHandler | str | None:
    return _HANDLERS.get((model_label.lower(), field_name))


def patient_relations() -> list[tuple[str, str]]:
    """(model label, field name) of every relation pointing at Patient."""
    patient = apps.get_model("patients", "Patient")
    return [
        (rel.related_model._meta.label_lower, rel.field.name)
        for rel in patient._meta.related_objects
    ]


def unhandled_relations() -> list[tuple[str, str]]:
    return [key for key in patient_relations() if key not in _HANDLERS]


def move_rows(model_label: str, field_name: str, source, target, pks=None) -> list:
    """Re-points rows from `source` to `target`; returns their primary keys."""
    model = apps.get_model(model_label)
    rows = model._base_manager.filter(**{field_name: source})
    if pks is not None:
        rows = model._base_manager.filter(pk__in=pks, **{field_name: source})
    moved = list(rows.values_list("pk", flat=True))
    if moved:
        model._base_manager.filter(pk__in=moved).update(**{field_name: target})
    return moved
