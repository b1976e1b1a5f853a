"""Shared test fixtures: the personas of the conventions and their logged-in clients.

network (A) and other_network (B); staff personas of A; coordinator_other_network of B;
external_outside (no care team), superuser_without_membership, anonymous (plain client).
followed_patient (enrolled, consenting) and external_in_team (its GP); apps add other personas
that need their models (provider) in their own conftest.
"""

from pathlib import Path

import pytest
from django.test import Client

from maillage.accounts.models import Role, UserKind
from maillage.accounts.testing import login_verified
from maillage.accounts.tests.factories import MembershipFactory, UserFactory
from maillage.networks.tests.factories import NetworkFactory

pytest_plugins = ["maillage.testing.browser"]

# WhiteNoise warns when the collected-static folder is missing; tests serve from the finders.
(Path(__file__).parent / "var" / "static").mkdir(parents=True, exist_ok=True)

STAFF_ROLES = [
    Role.RECEPTION,
    Role.COORDINATOR,
    Role.MEDICAL_LEAD,
    Role.DIRECTOR,
    Role.NETWORK_ADMIN,
]


def _allow_test_flush():
    """TransactionTestCase (live-server tests) empties tables between tests. The append-only
    triggers (audit trail, coordination journal) refuse that, as they must in real life; lift
    them only for the test flush."""
    from django.db.backends.postgresql import base as pg_base
    from django.db.backends.sqlite3 import base as sqlite_base

    from maillage.audit.migrations import _triggers_for_tests as audit_triggers
    from maillage.patients.migrations import _triggers_for_tests as journal_triggers

    sqlite_drop = [*audit_triggers.SQLITE_DROP, *journal_triggers.SQLITE_DROP]
    sqlite_create = [*audit_triggers.SQLITE_CREATE, *journal_triggers.SQLITE_CREATE]
    PgOps, SqliteOps = pg_base.DatabaseOperations, sqlite_base.DatabaseOperations
    original_pg = PgOps.execute_sql_flush
    original_sqlite = SqliteOps.execute_sql_flush

    def pg_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            original_pg(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")

    def sqlite_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            for statement in sqlite_drop:
                cursor.execute(statement)
        try:
            original_sqlite(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                for statement in sqlite_create:
                    cursor.execute(statement)

    PgOps.execute_sql_flush = pg_flush
    SqliteOps.execute_sql_flush = sqlite_flush


_allow_test_flush()


@pytest.fixture
def network(db):
    return NetworkFactory(name="Réseau Val de Loire Santé", slug="val-de-loire")


@pytest.fixture
def other_network(db):
    return NetworkFactory(name="DAC Autre Territoire", slug="autre-territoire")


def _staff(network, role, **kwargs):
    return MembershipFactory(network=network, role=role, **kwargs).user


@pytest.fixture
def reception(network):
    return _staff(network, Role.RECEPTION)


@pytest.fixture
def coordinator(network):
    return _staff(network, Role.COORDINATOR)


@pytest.fixture
def medical_lead(network):
    return _staff(network, Role.MEDICAL_LEAD, profession="Médecin")


@pytest.fixture
def director(network):
    return _staff(network, Role.DIRECTOR, profession="Directeur·rice")


@pytest.fixture
def network_admin(network):
    return _staff(network, Role.NETWORK_ADMIN)


@pytest.fixture
def coordinator_other_network(other_network):
    return _staff(other_network, Role.COORDINATOR)


@pytest.fixture
def external_outside(db):
    return UserFactory(kind=UserKind.EXTERNAL)


@pytest.fixture
def superuser_without_membership(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def client_for(network):
    """client_for(user) -> a Client logged in with the second factor passed. Staff users get
    the network they belong to (network A unless they only belong to another)."""

    def make(user, active_network=None, *, reauth: bool = True) -> Client:
        if active_network is None and user.is_staff_kind:
            membership = user.memberships.filter(is_active=True).select_related("network").first()
            active_network = membership.network if membership else None
        return login_verified(Client(), user, active_network, reauth=reauth)

    return make


@pytest.fixture(autouse=True)
def _log_guard():
    """Fails any test whose log records carry a NIR or a demo patient's name (see
    maillage/testing/logguard.py to add names)."""
    from maillage.testing import logguard

    handler, loggers = logguard.install()
    yield
    logguard.uninstall(handler, loggers)
    if problems := logguard.leaks_in(handler.records):
        pytest.fail("Données sensibles dans les journaux :\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(autouse=True)
def _fresh_cache_and_private_files(settings, tmp_path_factory):
    """Rate-limit counters start from zero in every test; uploads go to a temporary folder."""
    from django.core.cache import cache

    cache.clear()
    settings.PRIVATE_FILES_ROOT = tmp_path_factory.mktemp("private-files")
    yield
    cache.clear()


@pytest.fixture
def followed_patient(network, coordinator):
    """A patient of network A, enrolled (lead: `coordinator`), informed and agreeing to share."""
    from maillage.patients.tests.factories import (
        ConsentFactory,
        EnrolmentFactory,
        PatientFactory,
    )

    patient = PatientFactory(network=network)
    EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    ConsentFactory(patient=patient, recorded_by=coordinator)
    return patient


@pytest.fixture
def external_in_team(followed_patient):
    """A GP with an external login, linked to a directory professional who is the current
    médecin traitant in followed_patient's care team."""
    from maillage.patients.tests.factories import CareTeamMemberFactory, ExternalProfileFactory

    profile = ExternalProfileFactory(user__first_name="Antoine", user__last_name="Généraliste")
    CareTeamMemberFactory(patient=followed_patient, role="gp", professional=profile.professional)
    return profile.user
