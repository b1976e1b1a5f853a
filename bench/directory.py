"""Directory figures at regional scale (issue 4, item 8). Run by hand, never in the test suite:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python bench/directory.py --file /tmp/rpps_2300k.txt [--rows 2300000] [--reset]

Prints: rows/s of `import_rpps` against a raw PostgreSQL COPY of the same file into an unindexed
table (and their ratio), the import's peak memory, and the search latency (median, p95 over
varied queries) against the time of the search's own SQL run directly.
Last measured (2.3 M lines, 2 shared cores, load 1.0-2.0): COPY 3.6-3.7 s; first import 52.3 s
(14.5x COPY; was 58.5-60.0 s, 15.6-16.1x), re-import of the same file 19.9 s (5.5x; was
38.1-39.5 s, 10.3-10.5x), peak 188 MB (was 311); search median 65.7 ms, p95 869 ms, 1.18x its
own SQL.
`--reset` empties the directory tables first (a scratch database only!). The file is generated
with `manage.py generate_rpps_file` when absent.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from maillage.core.models import Commune  # noqa: E402
from maillage.directory.models import Professional, Resource  # noqa: E402
from maillage.directory.selectors import SearchFilters, directory_search  # noqa: E402


def manage(*args: str) -> tuple[float, int]:
    """Runs manage.py in a child process; returns (seconds, peak RSS of the child in MB)."""
    started = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True)  # noqa: S603
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return time.monotonic() - started, peak_kb // 1024


def ensure_communes() -> None:
    if Commune.objects.exists():
        return
    ref = Path("/work/shared/data/reference")
    for candidate in (ROOT.parent / "shared" / "data" / "reference", ref):
        if candidate.is_dir():
            ref = candidate
            break
    manage(
        "import_communes",
        str(ref / "insee_cog_commune_2022.csv"),
        "--codes-postaux",
        str(ref / "laposte_hexasmal_2020.csv"),
    )


def copy_baseline(path: Path) -> float:
    """Raw COPY of the same file into an unindexed table of text columns."""
    with path.open("rb") as handle:
        columns = handle.readline().count(b"|") + 1
    cols = ", ".join(f"c{i} text" for i in range(columns))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(f"CREATE UNLOGGED TABLE bench_raw_copy ({cols})")
    connection.commit() if not connection.get_autocommit() else None
    started = time.monotonic()
    with connection.cursor() as cursor, path.open("rb") as handle:
        handle.readline()
        sql = "COPY bench_raw_copy FROM STDIN WITH (FORMAT text, DELIMITER '|')"
        with cursor.cursor.copy(sql) as copy:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                copy.write(chunk.replace(b"\\", b"\\\\"))
    elapsed = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_copy")
    return elapsed


def reset_directory() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE directory_professional_specialties, directory_activity, "
            "directory_professionalnetworkinfo, directory_professional, directory_specialty "
            "RESTART IDENTITY CASCADE"
        )


def search_queries(count: int) -> list[SearchFilters]:
    rng = random.Random(4)
    names = list(Professional.objects.order_by("?").values_list("last_name", "first_name")[:count])
    communes = list(
        Commune.objects.filter(cog_type="COM", postal_codes__isnull=False)
        .order_by("?")
        .values_list("name", flat=True)[:count]
    )
    words = ["infirmier", "kine", "psychologue", "cardiologie", "oncologie", "geriatrie"]
    queries: list[SearchFilters] = []
    for i in range(count):
        last, first = names[i % len(names)]
        typo = last[:-2] + last[-1] if len(last) > 5 else last  # one letter dropped
        shape = i % 5
        if shape == 0:
            queries.append(SearchFilters(query=typo.lower()))
        elif shape == 1:
            queries.append(SearchFilters(query=f"{first.lower()} {last.lower()}"))
        elif shape == 2:
            queries.append(
                SearchFilters(query=rng.choice(words), place=communes[i % len(communes)])
            )
        elif shape == 3:
            queries.append(
                SearchFilters(
                    query=rng.choice(words), place=communes[i % len(communes)], radius_km=10
                )
            )
        else:
            queries.append(SearchFilters(query=typo[:4].lower(), mode="L"))
    return queries


def search_latency(count: int) -> tuple[list[float], list[float]]:
    selector_times, sql_times = [], []
    resources = Resource.objects.none()
    for filters in search_queries(count):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcome = directory_search(filters, resources=resources)
            list(outcome.page.object_list)
            selector_times.append(time.perf_counter() - started)
        statements = [q["sql"] for q in captured.captured_queries]
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        sql_times.append(time.perf_counter() - started)
    return selector_times, sql_times


def load() -> str:
    """The machine's load average (1, 5, 15 min): figures mean little without it."""
    one, five, fifteen = os.getloadavg()
    return f"[charge {one:.1f} / {five:.1f} / {fifteen:.1f}, {os.cpu_count()} cœurs]"


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", default="var/bench/rpps_2300k.txt")
    parser.add_argument("--rows", type=int, default=2_300_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Ce banc se lance sur PostgreSQL (DATABASE_URL=postgres://…).")
    path = Path(args.file)
    ensure_communes()
    if not path.exists():
        manage("generate_rpps_file", "--rows", str(args.rows), "--output", str(path))
    rows = sum(1 for _ in path.open("rb")) - 1
    print(f"Fichier : {path} ({rows} lignes, {path.stat().st_size // (1 << 20)} Mo)")
    if not args.skip_import:
        if args.reset:
            reset_directory()
        copy_seconds = copy_baseline(path)
        print(
            f"COPY brut (table sans index) : {copy_seconds:.1f} s, {rows / copy_seconds:,.0f} l/s "
            + load()
        )
        seconds, peak = manage("import_rpps", str(path), "--no-progress")
        print(
            f"import_rpps (premier import) : {seconds:.1f} s, {rows / seconds:,.0f} lignes/s "
            + load()
        )
        print(f"  rapport import / COPY : {seconds / copy_seconds:.2f} (objectif ≤ 3)")
        print(f"  mémoire maximale : {peak} Mo (objectif < 500 Mo)")
        seconds2, _ = manage("import_rpps", str(path), "--no-progress")
        print(
            f"import_rpps (ré-import identique) : {seconds2:.1f} s, {rows / seconds2:,.0f} l/s "
            + load()
        )
        print(f"  rapport ré-import / COPY : {seconds2 / copy_seconds:.2f}")
        # The machine's load may change during the imports: COPY again, after them.
        copy_after = copy_baseline(path)
        both = (copy_seconds + copy_after) / 2
        print(
            f"COPY brut, mesuré de nouveau après les imports : {copy_after:.1f} s {load()} ; "
            f"rapports à la moyenne des deux COPY : premier import {seconds / both:.2f}, "
            f"ré-import {seconds2 / both:.2f}"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    search_latency(10)  # warm-up
    selector, sql = search_latency(args.queries)
    print(
        f"Recherche ({args.queries} requêtes) {load()} : "
        f"médiane {statistics.median(selector) * 1000:.1f} ms, p95 {p95(selector) * 1000:.1f} ms"
    )
    print(
        f"  SQL seul : médiane {statistics.median(sql) * 1000:.1f} ms, p95 {p95(sql) * 1000:.1f} ms"
    )
    ratio = statistics.median(selector) / max(statistics.median(sql), 1e-9)
    print(f"  rapport recherche / SQL (médianes) : {ratio:.2f} (objectif ≤ 1.5)")


if __name__ == "__main__":
    main()
