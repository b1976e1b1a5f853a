"""Optimistic locking for the record's edit forms.

Every edit form carries the `version` it started from. A service locks the row, compares the
versions and refuses a stale save with `StaleEdit`, which carries the saved values so that the
view can show the other person's change. Never a silent overwrite.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models


class StaleEdit(Exception):
    """Someone saved this row after the form was opened."""

    def __init__(self, current: models.Model):
        self.current = current
        super().__init__("Modification concurrente")

    def differences(self, submitted: dict[str, Any]) -> list[dict[str, Any]]:
        """Fields whose saved value differs from what the user submitted."""
        rows = []
        for name, value in submitted.items():
            try:
                field = self.current._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_many:
                continue
            saved = getattr(self.current, field.name)
            if _comparable(saved) != _comparable(value):
                rows.append(
                    {
                        "label": str(field.verbose_name).capitalize(),
                        "saved": _display(self.current, field, saved),
                        "mine": _display(self.current, field, value),
                    }
                )
        return rows


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(str(v) for v in value)
    if value is None:
        return ""
    return value


def _display(instance, field, value) -> str:
    if isinstance(value, models.Model):
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or "—"))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value in (None, ""):
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def lock_for_edit(model: type[models.Model], pk: int, expected_version: int):
    """The row, locked for the rest of the transaction, or StaleEdit."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != expected_version:
        raise StaleEdit(current)
    return current


def apply_changes(instance: models.Model, data: dict[str, Any]) -> dict[str, tuple]:
    """Sets the changed fields, raises the version and saves; returns {field: (old, new)}."""
    changes = {}
    for name, value in data.items():
        old = getattr(instance, name)
        if _comparable(old) != _comparable(value):
            changes[name] = (old, value)
            setattr(instance, name, value)
    instance.version += 1
    instance.save(update_fields=[*changes.keys(), "version", "updated_at"])
    return changes
