# ruff: noqa: S608 -- SQL is assembled from constant column lists; every value is a parameter.
"""Staging table and set-based merge of the RPPS import (PostgreSQL and SQLite).

The SQL here is written once for both engines; the few differences (UUID generation, COPY,
"is distinct from") are chosen from `connection.vendor`. Table names are constants, values are
always parameters.
"""

from __future__ import annotations

import time
from datetime import datetime

from maillage.directory.imports import bulk_pg

STAGE_COLUMNS = [
    ("line_no", "bigint"),
    ("national_id", "varchar(12)"),
    ("id_type", "varchar(1)"),
    ("identifier", "varchar(11)"),
    ("practice_civility", "varchar(20)"),
    ("civility", "varchar(20)"),
    ("last_name", "varchar(120)"),
    ("first_name", "varchar(120)"),
    ("search_name", "varchar(250)"),
    ("profession_code", "varchar(10)"),
    ("profession", "varchar(120)"),
    ("category_code", "varchar(5)"),
    ("category", "varchar(60)"),
    ("spec_code", "varchar(20)"),
    ("spec_label", "varchar(200)"),
    ("spec_kind", "varchar(120)"),
    ("spec_search", "varchar(200)"),
    ("act_key", "varchar(80)"),
    ("mode_code", "varchar(5)"),
    ("mode", "varchar(60)"),
    ("sector", "varchar(120)"),
    ("role", "varchar(120)"),
    ("structure_id", "varchar(40)"),
    ("siret", "varchar(14)"),
    ("finess_site", "varchar(9)"),
    ("finess_ej", "varchar(9)"),
    ("site_name", "varchar(250)"),
    ("address", "varchar(300)"),
    ("address_extra", "varchar(250)"),
    ("postal_code", "varchar(10)"),
    ("city", "varchar(120)"),
    ("commune_code", "varchar(5)"),
    ("commune_id", "varchar(5)"),
    ("country", "varchar(60)"),
    ("phone", "varchar(30)"),
    ("phone2", "varchar(30)"),
    ("fax", "varchar(30)"),
    ("email", "varchar(254)"),
]
NAMES = [name for name, _ in STAGE_COLUMNS]
BATCH = 10_000
ANALYZE_AFTER = 10_000

PRO_FIELDS = [
    "id_type",
    "identifier",
    "practice_civility",
    "civility",
    "last_name",
    "first_name",
    "search_name",
    "profession_code",
    "profession",
    "category_code",
    "category",
]
# activity column <- staging column
ACT_FIELDS = {
    "mode_code": "mode_code",
    "mode": "mode",
    "sector": "sector",
    "role": "role",
    "structure_id": "structure_id",
    "siret": "siret",
    "finess_site": "finess_site",
    "finess_ej": "finess_ej",
    "name": "site_name",
    "address": "address",
    "address_extra": "address_extra",
    "postal_code": "postal_code",
    "city": "city",
    "commune_code": "commune_code",
    "country": "country",
}
CONTACT_FIELDS = ["phone", "phone2", "fax", "email"]


class Stage:
    """The temporary staging table, filled in batches."""

    def __init__(self, connection):
        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        self.rows: list[tuple] = []

    def create(self) -> None:
        columns = ", ".join(f"{name} {kind}" for name, kind in STAGE_COLUMNS)
        with self.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS rpps_stage")
            cursor.execute(f"CREATE TEMPORARY TABLE rpps_stage ({columns})")

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        with self.connection.cursor() as cursor:
            if self.pg:
                # The streaming path on PostgreSQL (the set-based path is the default there).
                raw = cursor.cursor
                with raw.copy(f"COPY rpps_stage ({', '.join(NAMES)}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(NAMES))
                cursor.executemany(
                    f"INSERT INTO rpps_stage ({', '.join(NAMES)}) VALUES ({marks})", self.rows
                )
        self.rows = []

    def finish_load(self) -> None:
        self.flush()
        with self.connection.cursor() as cursor:
            if self.pg:
                cursor.execute(
                    "CREATE TEMPORARY TABLE rpps_pro AS SELECT DISTINCT ON (national_id) * "
                    "FROM rpps_stage ORDER BY national_id, line_no"
                )
                cursor.execute(
                    "CREATE TEMPORARY TABLE rpps_act AS SELECT DISTINCT ON (act_key) * "
                    "FROM rpps_stage WHERE act_key <> '' ORDER BY act_key, line_no"
                )
            else:
                cursor.execute(
                    "CREATE TEMPORARY TABLE rpps_pro AS SELECT * FROM rpps_stage WHERE line_no IN "
                    "(SELECT MIN(line_no) FROM rpps_stage GROUP BY national_id)"
                )
                cursor.execute(
                    "CREATE TEMPORARY TABLE rpps_act AS SELECT * FROM rpps_stage WHERE line_no IN "
                    "(SELECT MIN(line_no) FROM rpps_stage WHERE act_key <> '' "
                    "GROUP BY act_key)"
                )
            cursor.execute("CREATE UNIQUE INDEX rpps_pro_nid ON rpps_pro (national_id)")
            cursor.execute("CREATE UNIQUE INDEX rpps_act_key ON rpps_act (act_key)")
            cursor.execute("CREATE INDEX rpps_stage_spec ON rpps_stage (spec_code)")
            if self.pg:
                cursor.execute("ANALYZE rpps_stage")
                cursor.execute("ANALYZE rpps_pro")
                cursor.execute("ANALYZE rpps_act")

    def drop(self) -> None:
        with self.connection.cursor() as cursor:
            for table in ("rpps_act", "rpps_pro", "rpps_stage"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM rpps_pro")
            return cursor.fetchone()[0]


def merge(
    connection,
    *,
    now: datetime,
    full_snapshot: bool,
    staged: int = 0,
    timings: dict[str, float] | None = None,
    keys: tuple[str, str] = ("rpps_pro", "rpps_act"),
    hashes: bool = False,
    gone: tuple[str, str] | None = None,
) -> dict[str, int]:
    """Applies the staged rows to the directory; returns the counts. `timings` (optional)
    receives the seconds of each statement. `keys`: the tables holding the national id /
    activity key of every line of the file (for the deactivations), when `rpps_pro` and
    `rpps_act` hold only the lines to write. `hashes`: those four carry `import_hash`, the
    hash of the file's fields, stored on the rows (else the rows written get none). `gone`: the
    tables whose `gone_id` lists the imported rows absent from the file, found beforehand (else
    they are looked for here, from `keys`)."""
    timings = {} if timings is None else timings
    dropped = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Hash joins of millions of rows: let them stay in memory (this transaction only).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # One commit at the end; losing it in a server crash just means running it again.
            cursor.execute("SET LOCAL synchronous_commit = off")
            if bulk_pg.is_bulk_load(cursor, staged):
                clock = time.monotonic()
                dropped = bulk_pg.drop(cursor)
                timings["index : suppression"] = time.monotonic() - clock
    counts = _merge(
        connection,
        now=now,
        full_snapshot=full_snapshot,
        timings=timings,
        keys=keys,
        hashes=hashes,
        gone=gone,
    )
    if dropped is not None:
        with connection.cursor() as cursor:
            clock = time.monotonic()
            bulk_pg.restore(cursor, dropped, timings)
            timings["index : reconstruction"] = time.monotonic() - clock
    return counts


class TimedCursor:
    """A cursor whose `execute` records its seconds under the current label."""

    def __init__(self, cursor, timings: dict[str, float]):
        self.cursor = cursor
        self.timings = timings
        self.label = ""

    def execute(self, sql, params=None):
        clock = time.monotonic()
        self.cursor.execute(sql, params)
        self.timings[self.label] = self.timings.get(self.label, 0.0) + time.monotonic() - clock

    def __getattr__(self, name):
        return getattr(self.cursor, name)


def _merge(
    connection,
    *,
    now: datetime,
    full_snapshot: bool,
    timings: dict[str, float] | None = None,
    keys: tuple[str, str] = ("rpps_pro", "rpps_act"),
    hashes: bool = False,
    gone: tuple[str, str] | None = None,
) -> dict[str, int]:
    pro_keys, act_keys = keys
    if gone:
        absent_pro = f"id IN (SELECT gone_id FROM {gone[0]} WHERE gone_id IS NOT NULL)"
        absent_act = f"id IN (SELECT gone_id FROM {gone[1]} WHERE gone_id IS NOT NULL)"
    else:
        absent_pro = (
            f"NOT EXISTS (SELECT 1 FROM {pro_keys} AS s "
            "WHERE s.national_id = directory_professional.national_id)"
        )
        absent_act = (
            f"NOT EXISTS (SELECT 1 FROM {act_keys} AS s "
            "WHERE s.act_key = directory_activity.import_key)"
        )
    # The hash of the file's fields: stored when known; a row rewritten without it loses it.
    set_hash = "import_hash = s.import_hash" if hashes else "import_hash = NULL"
    hash_col, hash_src = (", import_hash", ", s.import_hash") if hashes else ("", "")
    pg = connection.vendor == "postgresql"
    uuid = "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))"
    differs = "IS DISTINCT FROM" if pg else "IS NOT"
    ts = connection.ops.adapt_datetimefield_value(now)
    counts: dict[str, int] = {}
    with connection.cursor() as plain:
        cursor = TimedCursor(plain, {} if timings is None else timings)
        cursor.label = "fusion : professionnels"
        # Nothing imported yet (a first load): nothing can vanish, skip the deactivation scans.
        # Nor anything to update when no row has a national id / import key (the updates would
        # read the whole input for nothing; on a first load it is a view, see rpps_copy).
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM directory_professional WHERE source = 'import'), "
            "EXISTS (SELECT 1 FROM directory_activity WHERE source = 'import'), "
            "EXISTS (SELECT 1 FROM directory_professional WHERE national_id IS NOT NULL), "
            "EXISTS (SELECT 1 FROM directory_activity WHERE import_key IS NOT NULL)"
        )
        had_professionals, had_activities, any_national_id, any_import_key = cursor.fetchone()
        cursor.label = "fusion : professionnels"
        # Professionals: update what changed (or comes back), then insert the new ones.
        counts["professionals_updated"] = 0
        sets = ", ".join(f"{f} = s.{f}" for f in PRO_FIELDS)
        changed = " OR ".join(f"p.{f} <> s.{f}" for f in PRO_FIELDS)
        if any_national_id:
            cursor.execute(
                f"UPDATE directory_professional AS p SET {sets}, {set_hash}, is_active = %s, "
                "deactivated_at = NULL, last_imported_at = %s, updated_at = %s "
                f"FROM rpps_pro AS s WHERE p.national_id = s.national_id "
                f"AND ({changed} OR p.is_active = %s)",
                [True, ts, ts, False],
            )
            counts["professionals_updated"] = cursor.rowcount
            if hashes:
                # Rows whose fields were already right: only their hash is new.
                cursor.execute(
                    "UPDATE directory_professional AS p SET import_hash = s.import_hash "
                    "FROM rpps_pro AS s WHERE p.national_id = s.national_id "
                    "AND p.import_hash IS DISTINCT FROM s.import_hash"
                )
        cols = ", ".join(PRO_FIELDS)
        scols = ", ".join(f"s.{f}" for f in PRO_FIELDS)
        cursor.execute(
            "INSERT INTO directory_professional (public_id, created_at, updated_at, national_id, "
            f"source, mssante_email, is_active, last_imported_at, {cols}{hash_col}) "
            f"SELECT {uuid}, %s, %s, s.national_id, 'import', '', %s, %s, {scols}{hash_src} "
            "FROM rpps_pro AS s WHERE NOT EXISTS "
            "(SELECT 1 FROM directory_professional AS p WHERE p.national_id = s.national_id)",
            [ts, ts, True, ts],
        )
        counts["professionals_created"] = cursor.rowcount
        if pg and counts["professionals_created"] > ANALYZE_AFTER:
            # The joins below read the rows just inserted: plan them on real sizes (in bulk
            # mode there is no index on national_id, a nested loop would scan millions of rows).
            cursor.execute("ANALYZE directory_professional")

        cursor.label = "fusion : savoir-faire"
        # Savoir-faire and their link to professionals (added, never removed by an import:
        # a network may have added one by hand).
        cursor.execute(
            "INSERT INTO directory_specialty (code, label, kind_label, search_name) "
            "SELECT s.spec_code, MIN(s.spec_label), MIN(s.spec_kind), MIN(s.spec_search) "
            "FROM rpps_stage AS s WHERE s.spec_code <> '' AND NOT EXISTS "
            "(SELECT 1 FROM directory_specialty AS d WHERE d.code = s.spec_code) "
            "GROUP BY s.spec_code"
        )
        cursor.execute(
            "INSERT INTO directory_professional_specialties (professional_id, specialty_id) "
            "SELECT DISTINCT p.id, d.id FROM rpps_stage AS s "
            "JOIN directory_professional AS p ON p.national_id = s.national_id "
            "JOIN directory_specialty AS d ON d.code = s.spec_code "
            "WHERE s.spec_code <> '' AND NOT EXISTS (SELECT 1 FROM "
            "directory_professional_specialties AS t "
            "WHERE t.professional_id = p.id AND t.specialty_id = d.id)"
        )

        cursor.label = "fusion : lieux d'activité"
        # Activities: a network's corrected contact data wins over the file.
        act_sets = [f"{col} = s.{src}" for col, src in ACT_FIELDS.items()]
        act_sets.append("commune_id = NULLIF(s.commune_id, '')")
        act_sets += [
            f"{c} = CASE WHEN a.contact_edited = %s THEN a.{c} ELSE s.{c} END"
            for c in CONTACT_FIELDS
        ]
        act_changed = [f"a.{col} <> s.{src}" for col, src in ACT_FIELDS.items()]
        act_changed.append(f"a.commune_id {differs} NULLIF(s.commune_id, '')")
        act_changed.append(
            "(a.contact_edited = %s AND ("
            + " OR ".join(f"a.{c} <> s.{c}" for c in CONTACT_FIELDS)
            + "))"
        )
        counts["activities_updated"] = 0
        if any_import_key:
            cursor.execute(
                f"UPDATE directory_activity AS a SET {', '.join(act_sets)}, {set_hash}, "
                "is_active = %s, "
                "updated_at = %s FROM rpps_act AS s WHERE a.import_key = s.act_key "
                f"AND ({' OR '.join(act_changed)} OR a.is_active = %s)",
                [True] * len(CONTACT_FIELDS) + [True, ts, False, False],
            )
            counts["activities_updated"] = cursor.rowcount
            if hashes:
                cursor.execute(
                    "UPDATE directory_activity AS a SET import_hash = s.import_hash "
                    "FROM rpps_act AS s WHERE a.import_key = s.act_key "
                    "AND a.import_hash IS DISTINCT FROM s.import_hash"
                )
        act_cols = [*ACT_FIELDS, "commune_id", *CONTACT_FIELDS]
        act_src = [f"s.{src}" for src in ACT_FIELDS.values()] + [
            "NULLIF(s.commune_id, '')",
            *(f"s.{c}" for c in CONTACT_FIELDS),
        ]
        cursor.execute(
            "INSERT INTO directory_activity (public_id, created_at, updated_at, professional_id, "
            f"import_key, source, contact_edited, is_active, {', '.join(act_cols)}{hash_col}) "
            f"SELECT {uuid}, %s, %s, p.id, s.act_key, 'import', %s, %s, {', '.join(act_src)}"
            f"{hash_src} "
            "FROM rpps_act AS s JOIN directory_professional AS p "
            "ON p.national_id = s.national_id WHERE NOT EXISTS "
            "(SELECT 1 FROM directory_activity AS a WHERE a.import_key = s.act_key)",
            [ts, ts, False, True],
        )
        counts["activities_created"] = cursor.rowcount

        counts["professionals_deactivated"] = 0
        counts["activities_deactivated"] = 0
        cursor.label = "fusion : désactivations"
        if full_snapshot and had_professionals:
            cursor.execute(
                "UPDATE directory_professional SET is_active = %s, deactivated_at = %s, "
                f"updated_at = %s WHERE source = 'import' AND is_active = %s AND {absent_pro}",
                [False, ts, ts, True],
            )
            counts["professionals_deactivated"] = cursor.rowcount
        if full_snapshot and had_activities:
            cursor.execute(
                "UPDATE directory_activity SET is_active = %s, updated_at = %s "
                f"WHERE source = 'import' AND is_active = %s AND {absent_act}",
                [False, ts, True],
            )
            counts["activities_deactivated"] = cursor.rowcount
    return counts
