"""The trigger statements and protected columns, importable by tests."""

import importlib

_migration = importlib.import_module("maillage.assessments.migrations.0002_signed_results_immutable")

SQLITE_CREATE = _migration.SQLITE
SQLITE_DROP = _migration.SQLITE_REVERSE
PROTECTED_COLUMNS = _migration.PROTECTED_COLUMNS
