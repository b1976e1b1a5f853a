"""Time of the yearly activity report (`compute_indicators`) for one network and for the whole
platform, against the time of its own SQL run directly, and its peak memory. Run by hand on
PostgreSQL after `seed_demo --scale regional` (200,000 patients, 2 million journal entries,
400,000 requests over three years), never part of the test suite:

    export DATABASE_URL=postgres://…
    MAILLAGE_ALLOW_SEED=1 .venv/bin/python manage.py seed_demo --scale regional
    .venv/bin/python bench/reporting.py [--year 2025] [--network SLUG] [--rounds 3]

Prints, per scope: the median time of `compute_indicators` (ms), the number of queries it ran,
the median time of those SELECT statements replayed through a cursor (ms), the ratio (aim
≤ 1.5×) and the peak memory: Python allocations during one computation (tracemalloc) and the
process' maximum resident size (aim < 300 MB).
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from maillage.intake.models import SupportRequest  # noqa: E402
from maillage.networks.models import Network  # noqa: E402
from maillage.patients.models import JournalEntry, Patient  # noqa: E402

READS = ("SELECT", "WITH")


def compute_indicators(**kwargs) -> dict:
    from maillage.reporting.indicators import compute_indicators as compute

    return compute(**kwargs)


def timed_report(networks, start, end, rounds: int) -> tuple[float, list[str], dict]:
    compute_indicators(networks=networks, start=start, end=end)  # warm up (caches, plans)
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        data = compute_indicators(networks=networks, start=start, end=end)
        times.append(time.perf_counter() - began)
    with CaptureQueriesContext(connection) as captured:
        compute_indicators(networks=networks, start=start, end=end)
    return statistics.median(times) * 1000, [q["sql"] for q in captured.captured_queries], data


def timed_sql(statements: list[str], rounds: int) -> tuple[float, int]:
    reads = [s for s in statements if s.lstrip().upper().startswith(READS)]
    times = []
    with connection.cursor() as cursor:
        for _ in range(rounds):
            began = time.perf_counter()
            for statement in reads:
                cursor.execute(statement)
                cursor.fetchall()
            times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000, len(statements) - len(reads)


def peak_python_memory(networks, start, end) -> float:
    tracemalloc.start()
    compute_indicators(networks=networks, start=start, end=end)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=datetime.date.today().year - 1)
    parser.add_argument("--network", help="slug (default: the network with the most patients)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    start, end = datetime.date(args.year, 1, 1), datetime.date(args.year, 12, 31)
    networks = list(Network.objects.filter(is_active=True).order_by("pk"))
    if args.network:
        one = Network.objects.get(slug=args.network)
    else:
        one = (
            Network.objects.filter(is_active=True)
            .annotate(n=Count("patients"))
            .order_by("-n", "pk")
            .first()
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor}; patients {Patient.objects.count():,}; journal entries "
        f"{JournalEntry.objects.count():,}; requests {SupportRequest.all_objects.count():,}; "
        f"networks {len(networks)}; year {args.year}; rounds {args.rounds}".replace(",", " ")
    )
    for label, scope in ((f"one network ({one.slug})", [one]), ("whole platform", networks)):
        report_ms, statements, data = timed_report(scope, start, end, args.rounds)
        sql_ms, skipped = timed_sql(statements, args.rounds)
        peak = peak_python_memory(scope, start, end)
        file_active = data.get("file_active", {})
        total = file_active.get("total") if isinstance(file_active, dict) else None
        print(
            f"{label}: report {report_ms:.0f} ms in {len(statements)} queries"
            f"{f' ({skipped} not replayed: not SELECT)' if skipped else ''}; "
            f"its SQL alone {sql_ms:.0f} ms; ratio "
            f"{report_ms / sql_ms if sql_ms else float('nan'):.2f}× (aim ≤ 1.5×); "
            f"peak Python memory {peak:.1f} MB"
            f"{f'; file active {total}' if total is not None else ''}"
        )
    print(f"process max resident size after the reports: {max_rss_mb():.0f} MB (aim < 300 MB)")
    # The pseudonymised study file of the same year for the same network (medical columns on).
    from maillage.reporting.pseudonymised import PseudonymisationKeyMissing, build_study_file

    tracemalloc.start()
    began = time.perf_counter()
    try:
        study = build_study_file(one, start, end, medical=True)
    except PseudonymisationKeyMissing:
        print("study export skipped: set PSEUDONYMISATION_KEY to time it")
        return
    elapsed = (time.perf_counter() - began) * 1000
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"study export ({one.slug}): {len(study.rows)} rows in {elapsed:.0f} ms, place level "
        f"{study.zone_level}, peak Python memory {peak / 1024 / 1024:.1f} MB"
    )
    print(f"process max resident size: {max_rss_mb():.0f} MB (aim < 300 MB)")


if __name__ == "__main__":
    main()
