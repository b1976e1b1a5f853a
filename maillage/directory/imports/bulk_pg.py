"""PostgreSQL bulk-load mode of the RPPS import (a first load of millions of rows).

Maintaining every index and checking every foreign key row by row costs many times the insert
itself. For a first, massive load the import drops, inside its own transaction, the directory
tables' secondary indexes, unique constraints (national id, import key, public id: random
inserts into those b-trees were most of the insert's time), foreign keys and the primary keys no
other table's foreign key needs (activities, savoir-faire links: a b-tree insert and a WAL record
per row) — keeping the professionals' primary key, that other applications' foreign keys need,
so that their tables are not locked — and rebuilds them once at the end (a sort per index, one
join per foreign key). Bulk mode means the table holds at most half as many rows
as the batch: the merge's lookups by national id or import key become hash joins (the merge
analyses the professionals once inserted so that the next joins are planned on real sizes).
A crash rolls the drop back with everything else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

TABLES = ("directory_professional", "directory_activity", "directory_professional_specialties")
BULK_MIN_ROWS = 50_000
# Index builds sort in memory (this transaction only; the server's memory, not the command's).
BUILD_MEMORY = "512MB"


@dataclass
class Dropped:
    indexes: list[str] = field(default_factory=list)  # CREATE INDEX statements
    constraints: list[tuple[str, str, str]] = field(default_factory=list)  # table, name, def


def is_bulk_load(cursor, staged: int) -> bool:
    cursor.execute(
        "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relname = %s",
        ["directory_professional"],
    )
    existing = cursor.fetchone()[0]
    # reltuples is an estimate: a re-import of the same file stages about as many rows as the
    # table holds and must not rebuild every index; a first load finds the table (nearly) empty.
    return staged > BULK_MIN_ROWS and existing * 2 < staged


def drop(cursor) -> Dropped:
    dropped = Dropped()
    cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    cursor.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s) "
        "AND c.contype IN ('f', 'u') ORDER BY c.contype",
        [list(TABLES)],
    )
    _drop_constraints(cursor, dropped)
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
        [list(TABLES)],
    )
    for name, definition in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{name}"')
        dropped.indexes.append(definition)
    # Primary keys that no remaining foreign key references (theirs were dropped above).
    cursor.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s) AND c.contype = 'p' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint f "
        "WHERE f.contype = 'f' AND f.confrelid = c.conrelid)",
        [list(TABLES)],
    )
    _drop_constraints(cursor, dropped)
    return dropped


def _drop_constraints(cursor, dropped: Dropped) -> None:
    """Drops the constraints the cursor's last query listed (table, name, definition)."""
    for table, name, definition in cursor.fetchall():
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        dropped.constraints.append((table, name, definition))


def restore(cursor, dropped: Dropped, timings: dict[str, float] | None = None) -> None:
    timings = {} if timings is None else timings
    for definition in dropped.indexes:
        clock = time.monotonic()
        cursor.execute(definition)
        name = definition.split(" ON ")[0].split()[-1]
        timings[f"index : {name}"] = time.monotonic() - clock
    # Primary and unique keys first (they build their index), foreign keys last (a join each).
    ordered = sorted(dropped.constraints, key=lambda c: c[2].startswith("FOREIGN KEY"))
    for table, name, definition in ordered:
        clock = time.monotonic()
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        timings[f"contrainte : {name}"] = time.monotonic() - clock
    clock = time.monotonic()
    for table in TABLES:
        cursor.execute(f"ANALYZE {table}")
    timings["index : statistiques"] = time.monotonic() - clock
