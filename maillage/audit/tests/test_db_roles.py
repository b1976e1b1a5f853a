"""PostgreSQL: the application role holds SELECT and INSERT on the audit trail, but neither
UPDATE, DELETE nor TRUNCATE, and owns nothing (so it cannot drop the triggers either).

Each test creates its own uniquely named role inside the test transaction: the rollback at the
end removes it (roles are shared by the whole cluster)."""

import uuid

import pytest
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction

from maillage.audit import record
from maillage.audit.management.commands.setup_db_roles import owned_objects
from maillage.audit.models import AuditEvent
from maillage.networks.tests.factories import NetworkFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def app_role():
    if connection.vendor != "postgresql":
        pytest.skip("Les rôles de base de données ne concernent que PostgreSQL.")
    role = f"maillage_app_test_{uuid.uuid4().hex[:10]}"
    call_command("setup_db_roles", role=role, verbosity=0)
    return role


class acting_as:
    def __init__(self, role: str):
        self.role = role

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {connection.ops.quote_name(self.role)}")
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _refused(sql: str, params=None) -> str:
    with pytest.raises(ProgrammingError) as info, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(info.value)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'tests.forged'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
    ],
    ids=["update", "delete", "truncate"],
)
def test_the_app_role_cannot_change_the_trail(app_role, statement):
    event = record("tests.kept")
    with acting_as(app_role):
        message = _refused(statement)
    assert "permission denied" in message  # the privilege, not only the trigger, refuses
    assert AuditEvent.objects.get(pk=event.pk).action == "tests.kept"


def test_the_app_role_reads_and_appends_to_the_trail(app_role):
    first = record("tests.before")
    with acting_as(app_role):
        second = record("tests.as_app_role")
        assert AuditEvent.objects.filter(pk=first.pk).exists()
        # The application's other tables are writable as usual.
        network = NetworkFactory()
        network.name = "Renommé"
        network.save(update_fields=["name"])
    assert second.prev_hash == first.hash


def test_the_app_role_owns_nothing_and_cannot_drop_the_triggers(app_role):
    with connection.cursor() as cursor:
        assert owned_objects(cursor, app_role) == 0
        cursor.execute("SELECT pg_has_role(%s, 'maillage_audit_purger', 'MEMBER')", [app_role])
        assert cursor.fetchone()[0] is False
    with acting_as(app_role):
        message = _refused("DROP TRIGGER audit_auditevent_no_update ON audit_auditevent")
        assert "must be owner" in message
        _refused("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
        _refused("SET session_replication_role = replica")
        _refused("CREATE TABLE maillage_owned_by_app (id int)")


def test_setup_db_roles_is_idempotent(app_role):
    call_command("setup_db_roles", role=app_role, verbosity=0)
    with acting_as(app_role):
        _refused("DELETE FROM audit_auditevent")


def test_it_refuses_to_run_as_the_app_role(app_role):
    from django.core.management.base import CommandError

    with acting_as(app_role), pytest.raises(CommandError):
        call_command("setup_db_roles", role=app_role, verbosity=0)
