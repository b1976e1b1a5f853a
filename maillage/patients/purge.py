"""Deleting journal entries, for the retention purge only.

The journal's triggers refuse DELETE (migration 0002). The retention purge (a network leaving
the platform, records past their retention period) lifts that refusal for its own transaction:
on PostgreSQL by declaring `SET LOCAL maillage.patient_purge = 'on'`, on SQLite (development) by
dropping the delete trigger inside the transaction and putting it back before it ends (SQLite's
DDL is transactional: a rollback restores it too).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction

from maillage.patients.migrations import _triggers_for_tests as triggers

_SQLITE_DELETE_TRIGGER = "patients_journalentry_no_delete"


@contextmanager
def journal_deletion_allowed():
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "journal_deletion_allowed() must run inside transaction.atomic()."
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maillage.patient_purge = 'on'")
        elif connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {_SQLITE_DELETE_TRIGGER}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL maillage.patient_purge = 'off'")
            elif connection.vendor == "sqlite":
                for statement in triggers.SQLITE_CREATE:
                    if _SQLITE_DELETE_TRIGGER in statement:
                        cursor.execute(statement)
