"""The trigger statements and protected columns (as of the latest migration), importable by
tests."""

import importlib

_created = importlib.import_module("maillage.assessments.migrations.0002_signed_results_immutable")
_latest = importlib.import_module("maillage.assessments.migrations.0003_result_correction_reason")

SQLITE_CREATE = _latest.SQLITE
SQLITE_DROP = _created.SQLITE_REVERSE
PROTECTED_COLUMNS = _latest.PROTECTED_COLUMNS
