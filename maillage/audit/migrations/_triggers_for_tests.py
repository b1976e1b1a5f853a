"""The SQLite trigger statements, importable by the test flush helper (conftest.py)."""

import importlib

_migration = importlib.import_module("maillage.audit.migrations.0002_append_only_triggers")

SQLITE_CREATE = _migration.SQLITE
SQLITE_DROP = _migration.SQLITE_REVERSE
