"""Changing the audit trail behind the application's back, as an intruder with database access
would: the triggers are lifted only inside this block (and only in tests)."""

from contextlib import contextmanager

from django.db import connection

from maillage.audit.migrations import _triggers_for_tests as triggers


@contextmanager
def behind_the_apps_back():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            for statement in triggers.SQLITE_DROP:
                cursor.execute(statement)
    try:
        yield connection
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")
            else:
                for statement in triggers.SQLITE_CREATE:
                    cursor.execute(statement)
