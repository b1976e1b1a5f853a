"""Server time of a patient timeline (2,000 entries) and of a coordinator dashboard (60 patients)
against the time of their own SQL run directly. Run by hand, never part of the test suite:

    DATABASE_URL=postgres://… .venv/bin/python bench/coordination.py [--rounds 20]

It generates its own data (network "bench-coordination", idempotent) so that it does not depend
on `seed_demo --scale regional`. Prints medians in milliseconds and the ratio (aim ≤ 2×), with
the load average, the settings that matter (DEBUG off, cached template loader), the Python CPU
time of each request and the ratio of the best rounds (both steadier than median wall-clock time
on a shared machine).

Server time: the whole request through the test Client, every middleware included. Its SQL:
every statement the request ran, captured once and replayed as it ran (writes in transactions
rolled back, see replay()).
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.accounts.models import Membership, Role, User  # noqa: E402
from maillage.accounts.testing import login_verified  # noqa: E402
from maillage.networks.models import Network  # noqa: E402
from maillage.patients.models import Enrolment, JournalEntry, Patient, Task  # noqa: E402

SLUG = "bench-coordination"


def ensure_data():
    from maillage.accounts.tests.factories import MembershipFactory
    from maillage.networks.tests.factories import NetworkFactory
    from maillage.patients.tests.factories import EnrolmentFactory, PatientFactory

    network = Network.objects.filter(slug=SLUG).first() or NetworkFactory(
        slug=SLUG, name="Réseau de mesure"
    )
    membership = Membership.objects.filter(network=network, role=Role.COORDINATOR).first()
    coordinator = (
        membership.user
        if membership
        else MembershipFactory(network=network, role=Role.COORDINATOR).user
    )
    patients = list(Patient.objects.filter(network=network).order_by("pk"))
    while len(patients) < 60:
        patient = PatientFactory(network=network)
        EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
        patients.append(patient)
    heavy = patients[0]
    now = timezone.now()
    have = JournalEntry.objects.filter(patient=heavy).count()
    if have < 2000:
        JournalEntry.objects.bulk_create(
            JournalEntry(
                patient=heavy,
                network=network,
                kind=("call", "visit", "note", "meeting")[i % 4],
                author=coordinator,
                occurred_at=now - datetime.timedelta(hours=i),
                body=f"Entrée de mesure {i}",
            )
            for i in range(have, 2000)
        )
    if not Task.objects.filter(network=network).exists():
        Task.objects.bulk_create(
            Task(
                network=network,
                patient=p,
                assignee=coordinator,
                title="Rappeler",
                due_on=timezone.localdate() + datetime.timedelta(days=i % 10 - 3),
            )
            for i, p in enumerate(patients)
        )
        JournalEntry.objects.bulk_create(
            JournalEntry(
                patient=p,
                network=network,
                kind="call",
                author=coordinator,
                occurred_at=now - datetime.timedelta(days=i % 30),
                body="Appel",
            )
            for i, p in enumerate(patients[1:])
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE patients_journalentry, patients_task, patients_enrolment")
    return network, coordinator, heavy


_LAST_HASH = re.compile(r"'[0-9a-f]{64}'(?=\)\s*(RETURNING|$))")


def _fresh_audit_hash(statement: str) -> str:
    """The audit event's hash is unique and the request's row is committed: the replayed INSERT
    gets another (random) hash, same length, so that it costs what the original did."""
    if not statement.startswith('INSERT INTO "audit_auditevent"'):
        return statement
    return _LAST_HASH.sub(f"'{secrets.token_hex(32)}'", statement, count=1)


_AUDIT_APPEND = "FROM audit_append("


def replay(statements: list[str]) -> None:
    """Runs every statement of the request again, writes included, in the request's order and
    transactions. Each transaction ends with ROLLBACK instead of COMMIT (the bench's rows must
    not pile up and the audit chain must stay whole): the WAL flush of a real commit is the one
    cost left out, which only makes the ratio look worse. A write the request ran outside a
    transaction gets one of its own, rolled back as well."""
    with connection.cursor() as cursor:
        in_transaction = False
        for statement in statements:
            keyword = statement.lstrip()[:8].upper()
            if keyword.startswith("BEGIN"):
                cursor.execute("BEGIN")
                in_transaction = True
            elif keyword.startswith(("COMMIT", "ROLLBACK")):
                cursor.execute("ROLLBACK")
                in_transaction = False
            elif _AUDIT_APPEND in statement and not in_transaction:
                # The audit write, a SELECT that inserts (audit_append, one statement the
                # request ran in autocommit): in a transaction rolled back, sent with it in the
                # same round trip, so that it costs what the request's statement did.
                cursor.execute(f"BEGIN; {statement}; ROLLBACK")
            elif keyword.startswith(("SELECT", "WITH")) or in_transaction:
                cursor.execute(_fresh_audit_hash(statement))
                if cursor.description is not None:
                    cursor.fetchall()
            else:
                cursor.execute("BEGIN")
                cursor.execute(_fresh_audit_hash(statement))
                cursor.execute("ROLLBACK")
        if in_transaction:
            cursor.execute("ROLLBACK")


def measure(client: Client, url: str, rounds: int) -> tuple:
    """Medians (ms) of the server time, of its Python CPU time, and of all its SQL (reads and
    writes) run again directly; and the number of statements (BEGIN/COMMIT not counted)."""
    client.get(url, secure=True)  # warm up
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, secure=True)
    statements = [q["sql"] for q in ctx.captured_queries]
    # Request and replay alternate, so that both see the same load on a shared machine.
    server, cpu, sql = [], [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, secure=True)
        server.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, response.status_code
        start = time.perf_counter()
        replay(statements)
        sql.append(time.perf_counter() - start)
    count = sum(1 for s in statements if s.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"))
    return (
        statistics.median(server) * 1000,
        statistics.median(cpu) * 1000,
        statistics.median(sql) * 1000,
        count,
        min(server) * 1000,
        min(sql) * 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    from django.test.utils import override_settings

    # Without `collectstatic`: plain static storage (the template links need no manifest).
    override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    network, coordinator, heavy = ensure_data()
    user = User.objects.get(pk=coordinator.pk)
    client = login_verified(Client(), user, network)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # Production-like: DEBUG off (no query log kept by Django) and the cached template loader.
    from django.template import engines

    loaders = repr(engines["django"].engine.loaders)
    print(
        f"settings: DEBUG={settings.DEBUG}, cached template loader: "
        f"{'yes' if 'cached.Loader' in loaders else 'NO'}"
    )
    if settings.DEBUG:
        print("warning: DEBUG is on, the figures are not production's")
    print(
        f"database: {connection.vendor}; entries on the patient: "
        f"{JournalEntry.objects.filter(patient=heavy).count()}; followed patients: "
        f"{Enrolment.objects.filter(lead_coordinator=user, closed_on__isnull=True).count()}"
    )
    for label, url in (
        (
            "timeline (2,000 entries, first page)",
            reverse("coordination:timeline", args=[heavy.public_id]),
        ),
        ("coordinator dashboard page (60 patients)", reverse("core:dashboard")),
        (
            "coordinator panel (caseload of 60, loaded by htmx)",
            reverse("coordination:panel", args=["coordination"]),
        ),
    ):
        server, cpu, sql, count, best_server, best_sql = measure(client, url, args.rounds)
        # On a shared machine the wall-clock ratio moves with the load average (printed above);
        # the Python CPU time of the request barely does, and the best rounds (least disturbed)
        # give a second, steadier ratio.
        print(
            f"{label}: server {server:.1f} ms (Python CPU {cpu:.1f} ms), its {count} queries run "
            f"directly {sql:.1f} ms, ratio {server / sql if sql else float('nan'):.2f}× "
            f"(best rounds: {best_server:.1f} / {best_sql:.1f} ms = "
            f"{best_server / best_sql if best_sql else float('nan'):.2f}×)"
        )


if __name__ == "__main__":
    main()
