"""The SQLite trigger statements, importable by the test flush helper (conftest.py)."""

import importlib

_migration = importlib.import_module("maillage.patients.migrations.0002_journal_append_only_triggers")

SQLITE_CREATE = _migration.SQLITE
SQLITE_DROP = _migration.SQLITE_REVERSE
PROTECTED_COLUMNS = _migration.PROTECTED_COLUMNS
