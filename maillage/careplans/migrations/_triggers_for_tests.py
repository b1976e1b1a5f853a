"""The SQLite trigger statements, importable by the test flush helper (conftest.py)."""

import importlib

_migration = importlib.import_module("maillage.careplans.migrations.0002_frozen_versions")

SQLITE_CREATE = _migration._sqlite()
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS careplans_{short}_frozen_{suffix}"
    for short in ["version", "planproblem", "alertprocedure", "plangoal", "planaction"]
    for suffix in ("upd", "del", "ins")
]
