# ruff: noqa: S608 -- SQL is assembled from column positions found in the header (integers) and
# constant expressions; every value read from the file stays in the database or is a parameter.
"""PostgreSQL path of the RPPS import: the file goes to the database with COPY, the checks and
the shaping are set-based SQL.

1. Load. The file is read in blocks of a few megabytes cut at line ends. A block whose bytes are
   valid UTF-8, free of NUL and stray carriage returns, and whose `|` count is exactly what its
   lines need, is sent as is (backslashes doubled for COPY's text format) to the temporary table
   `rpps_raw`, one text column per field of the header, inside a savepoint; its line numbers come
   from a sequence set to the block's first line. Any other block (or one that COPY refuses) is
   split into lines in Python: the malformed ones (non-UTF-8 bytes, wrong field count) go to the
   report, the others are sent with their line number. Python never looks at the fields.
2. Check. One SQL scan of the wide `rpps_raw` writes the narrow `rpps_keys` (line number,
   national id, activity key, savoir-faire, reason of rejection in the order and wording of the
   Python path — identifier type, RPPS/ADELI length and Luhn key, national identifier coherence,
   empty name, unknown commune code — whether the département is wanted, and a 64-bit hash of
   the fields a professional and an activity are shaped from); the rejected lines are copied
   from it into `rpps_rejects`.
3. Shape. The first line of each professional and of each activity (with its key and hash) is
   found by sorting the narrow keys (in the "C" collation). On a re-import, one full join per
   table with the directory keeps only the lines to write — new rows, rows whose stored hash
   (`import_hash`) differs, rows coming back — and finds the imported rows absent from the file.
   `rpps_pro` and `rpps_act` are views picking those lines of `rpps_raw` with the merge's
   columns (the merge's UPDATE or INSERT reads each once), and `rpps_stage` (who has which
   savoir-faire) comes from the keys. Values the database cannot compute like Python are
   computed in Python once per distinct value and joined back: the normalised search names
   (`core.text.normalise`, so the result is the same on both engines by construction) and the
   SIRET check (python-stdnum; a wrong SIRET is a warning in the report, the line is imported
   without it).
The merge (`sql_rpps.merge`) is then the same as on SQLite (which compares every row field by
field and keeps no hash). Everything runs in the caller's transaction: a crash or a dry run
leaves the directory as it was.
"""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
from stdnum.fr import siret as stdnum_siret

from maillage.core.text import normalise
from maillage.directory.imports import sql_rpps
from maillage.directory.imports.base import Progress, RejectReport

BLOCK_BYTES = 8 << 20
# The file's fields a professional's and an activity's row are shaped from: their hash is kept
# on the row (import_hash); a re-import reshapes and rewrites only the lines whose hash changed.
PRO_HASHED = [f for f in sql_rpps.PRO_FIELDS if f != "search_name"]  # search_name: from names
ACT_HASHED = [
    "mode_code",
    "mode",
    "sector",
    "role_code",
    "role",
    "structure_id",
    "siret",
    "finess_site",
    "finess_ej",
    "site_name",
    "trade_name",
    "street_number",
    "repetition",
    "street_type",
    "street",
    "distribution",
    "recipient",
    "geo_extra",
    "postal_code",
    "cedex",
    "city",
    "commune_code",
    "country",
    "phone",
    "phone2",
    "fax",
    "email",
]
# The hash's seed: change it whenever the shaping of these fields changes (rpps_copy's
# expressions, core.text.normalise), so that the next import rewrites every row.
SHAPING_VERSION = 1
SIRET_WARNING = (
    "avertissement : numéro SIRET du site invalide (clé de contrôle) ; ligne importée sans ce SIRET"
)


def siret_is_valid(value: str) -> bool:
    return stdnum_siret.is_valid(value)


def luhn_sql(number: str) -> str:
    """Luhn check of a bigint column (the identifier read as a number: leading zeros add
    nothing). Integer arithmetic, no substring per digit: a doubled digit d counts 2d - 9 when
    d > 4, that is 2d - 9 * (d / 5) in integer division. 11 digits cover RPPS and ADELI."""
    terms = []
    for power in range(11):
        digit = f"mod({number} / {10**power}, 10)" if power else f"mod({number}, 10)"
        terms.append(f"({digit} * 2 - 9 * ({digit} / 5))" if power % 2 else digit)
    return f"(mod({' + '.join(terms)}, 10) = 0)"  # mod(): no "%" in SQL sent with parameters


def digits_sql(column: str, length: int) -> str:
    """`column` holds exactly `length` digits (cheaper than the regex ^[0-9]{n}$)."""
    return f"(octet_length({column}) = {length} AND {column} !~ '[^0-9]')"


def number_sql(column: str) -> str:
    """The identifier as a bigint when it is all digits (else NULL), computed once per line in
    a LATERAL subquery (OFFSET 0 keeps it from being inlined into every Luhn term)."""
    return (
        f"LATERAL (SELECT CASE WHEN octet_length({column}) BETWEEN 1 AND 18 "
        f"AND {column} !~ '[^0-9]' THEN {column}::bigint END AS n OFFSET 0) AS num"
    )


def identifier_reason_sql(id_type: str, ident: str, nid: str, number: str = "num.n") -> str:
    """The WHEN branches giving `rpps.identifier_problem`'s reasons, in its order (`number`:
    the identifier as a bigint, see number_sql)."""
    return f"""
        WHEN {id_type} = '8' AND NOT {digits_sql(ident, 11)}
            THEN 'identifiant RPPS invalide : 11 chiffres attendus'
        WHEN {id_type} = '8' AND NOT {luhn_sql(number)}
            THEN 'identifiant RPPS invalide : clé de contrôle (Luhn) fausse'
        WHEN {id_type} = '0' AND NOT {digits_sql(ident, 9)}
            THEN 'identifiant ADELI invalide : 9 chiffres attendus'
        WHEN {id_type} = '0' AND NOT {luhn_sql(number)}
            THEN 'identifiant ADELI invalide : clé de contrôle (Luhn) fausse'
        WHEN {id_type} NOT IN ('0', '8')
            THEN 'type d''identifiant inconnu « ' || left({id_type}, 5)
                || ' » (0 = ADELI, 8 = RPPS attendus)'
        WHEN {nid} <> {id_type} || {ident}
            THEN 'identification nationale incohérente avec le type et l''identifiant'"""


class CopyLoader:
    """Loads, checks and shapes one file into `rpps_stage` (see the module's docstring)."""

    def __init__(
        self,
        connection,
        path: Path,
        *,
        index: dict[str, int],
        expected: int,
        departements: set[str],
        progress: Progress,
        report: RejectReport,
        check_communes: bool,
    ):
        self.connection = connection
        self.path = path
        self.index = index
        self.expected = expected
        self.departements = departements
        self.progress = progress
        self.report = report
        self.check_communes = check_communes
        self.rows_read = 0
        self.staged = 0  # professionals to merge
        self.siret_warnings = 0
        # A first load (no national id nor import key in the directory yet): every first line is
        # written, nothing is compared (no rpps_todo_* tables).
        self.first_load = False
        self.lines = ("rpps_first_pro", "rpps_first_act")
        self.phases: dict[str, float] = {}
        self._pending_rejects: list[tuple[int, str, str]] = []
        self._fields = ", ".join(f"f{i}" for i in range(expected))

    def f(self, name: str) -> str:
        return f"r.f{self.index[name]}"

    def hash_sql(self, names: list[str]) -> str:
        """A 64-bit hash of some fields of the line: the XOR of each field's hash, seeded by its
        position and SHAPING_VERSION (no string built per line: a quarter cheaper than hashing
        the fields joined). Only compared with the hash of the same row's previous import: a
        collision would at worst skip rewriting one changed row (2^-64 per changed row)."""
        seed = SHAPING_VERSION * 1000
        return (
            "("
            + " # ".join(
                f"hashtextextended({self.f(n)}, {seed + position})"
                for position, n in enumerate(names)
                if n in self.index
            )
            + ")"
        )

    # 1. Load -------------------------------------------------------------------------------

    def load(self) -> None:
        clock = time.monotonic()
        columns = ", ".join(f"f{i} text" for i in range(self.expected))
        with self.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS rpps_raw")
            cursor.execute("DROP TABLE IF EXISTS rpps_rejects")
            cursor.execute("DROP TABLE IF EXISTS rpps_keys")
            cursor.execute("DROP SEQUENCE IF EXISTS rpps_line")
            cursor.execute("SET LOCAL work_mem = '256MB'")  # sorts of millions of rows
            cursor.execute("CREATE TEMPORARY SEQUENCE rpps_line")
            cursor.execute(
                "CREATE TEMPORARY TABLE rpps_raw "
                f"(line_no bigint NOT NULL DEFAULT nextval('rpps_line'), {columns})"
            )
            cursor.execute(
                "CREATE TEMPORARY TABLE rpps_rejects "
                "(line_no bigint NOT NULL, identifier text NOT NULL, reason text NOT NULL)"
            )
            raw = cursor.cursor
            with self.path.open("rb") as handle:
                handle.readline()
                line_no = 2  # the first data line
                for block in _blocks(handle):
                    lines = self._send_block(raw, block, line_no)
                    line_no += lines
                    self.progress.update(self.rows_read, handle.tell())
            self._flush_rejects(raw)
        self.progress.done(self.rows_read, self.path.stat().st_size)
        self.phases["lecture et COPY"] = time.monotonic() - clock

    def _send_block(self, raw, block: bytes, first_line: int) -> int:
        """Sends one block; returns its number of lines."""
        lines = block.count(b"\n")
        if self._block_is_clean(block, lines):
            data = block.replace(b"\\", b"\\\\") if b"\\" in block else block
            raw.execute("SAVEPOINT rpps_block")
            try:
                raw.execute("SELECT setval('rpps_line', %s, false)", [first_line])
                with raw.copy(f"COPY rpps_raw ({self._fields}) FROM STDIN (DELIMITER '|')") as cp:
                    cp.write(data)
            except psycopg.Error:  # COPY refused the block: check it line by line
                raw.execute("ROLLBACK TO SAVEPOINT rpps_block")
            else:
                raw.execute("RELEASE SAVEPOINT rpps_block")
                self.rows_read += lines
                return lines
        self._send_lines(raw, block, first_line)
        return lines

    def _block_is_clean(self, block: bytes, lines: int) -> bool:
        if b"\x00" in block or b"\r" in block:
            return False
        if block.count(b"|") != lines * (self.expected - 1):
            return False
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    def _send_lines(self, raw, block: bytes, first_line: int) -> None:
        """The slow path of a block: line by line, malformed lines to the report."""
        good: list[bytes] = []
        nid_pos = self.index["national_id"]
        for offset, line in enumerate(block.split(b"\n")[:-1]):
            line_no = first_line + offset
            line = line.rstrip(b"\r")
            if not line.strip():
                continue  # a blank line is not a row
            self.rows_read += 1
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                self._reject(raw, line_no, "", "octets non UTF-8 (encodage incorrect)")
                continue
            fields = text.split("|")
            if len(fields) != self.expected:
                self._reject(
                    raw,
                    line_no,
                    fields[nid_pos] if len(fields) > nid_pos else "",
                    f"nombre de champs incorrect : {len(fields) - 1} au lieu de "
                    f"{self.expected - 1}",
                )
                continue
            if "\x00" in text:
                self._reject(raw, line_no, fields[nid_pos], "caractère nul dans la ligne")
                continue
            escaped = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r")
            good.append(f"{line_no}|{escaped}\n".encode())
        if good:
            sql = f"COPY rpps_raw (line_no, {self._fields}) FROM STDIN (DELIMITER '|')"
            with raw.copy(sql) as cp:
                cp.write(b"".join(good))

    def _reject(self, raw, line_no: int, identifier: str, reason: str) -> None:
        self._pending_rejects.append((line_no, identifier[:40], reason))
        if len(self._pending_rejects) >= 10_000:
            self._flush_rejects(raw)

    def _flush_rejects(self, raw) -> None:
        if not self._pending_rejects:
            return
        with raw.copy("COPY rpps_rejects (line_no, identifier, reason) FROM STDIN") as cp:
            for row in self._pending_rejects:
                cp.write_row(row)
        self._pending_rejects = []

    # 2. Check ------------------------------------------------------------------------------

    def check(self) -> None:
        """One scan of the wide `rpps_raw` writes the narrow `rpps_keys` (line number, national
        id, activity key, reason of rejection, wanted département); the rejections and the first
        line of each professional and activity are then read from it, not from `rpps_raw`."""
        clock = time.monotonic()
        commune = self.f("commune_code")
        nid = self.f("national_id")
        reason = identifier_reason_sql(self.f("id_type"), self.f("identifier"), nid)
        unknown_commune = (
            f"WHEN {commune} <> '' AND c.insee_code IS NULL "
            f"THEN 'code commune inconnu « ' || left({commune}, 10) || ' »'"
            if self.check_communes
            else ""
        )
        wanted = self._wanted_sql()[len("AND ") :] if self.departements else "true"
        with self.connection.cursor() as cursor:
            # Keys in the "C" collation: the sorts below compare bytes, not locale rules.
            cursor.execute(
                "CREATE TEMPORARY TABLE rpps_keys AS "
                f'SELECT r.line_no, {nid} COLLATE "C" AS nid, '
                f'{self._stage_values()["act_key"]} COLLATE "C" AS act_key, CASE '
                f"{reason} "
                f"WHEN {self.f('last_name')} = '' THEN 'nom d''exercice vide' "
                f"{unknown_commune} END AS reason, {wanted} AS wanted, "
                f"{self.f('spec_code')} AS spec_code, {self.f('spec_label')} AS spec_label, "
                f"{self.f('spec_kind')} AS spec_kind, {self.hash_sql(PRO_HASHED)} AS pro_hash, "
                f"{self.hash_sql(ACT_HASHED)} AS act_hash FROM rpps_raw AS r "
                f"CROSS JOIN {number_sql(self.f('identifier'))} "
                f"LEFT JOIN core_commune AS c ON c.insee_code = {commune}",
                self._stage_params(),
            )
            cursor.execute(
                "INSERT INTO rpps_rejects (line_no, identifier, reason) "
                "SELECT line_no, nid, reason FROM rpps_keys WHERE reason IS NOT NULL"
            )
            cursor.execute("ANALYZE rpps_rejects")
        self.phases["contrôle des lignes (SQL)"] = time.monotonic() - clock

    # 3. Shape ------------------------------------------------------------------------------

    def shape(self) -> None:
        clock = time.monotonic()
        f = self.f
        with self.connection.cursor() as plain:
            cursor = sql_rpps.TimedCursor(plain, self.phases)
            self._first_lines(cursor)
            started = time.monotonic()
            cursor.label = "mise en forme : valeurs distinctes (Python)"
            self._python_maps(cursor)
            self.phases["mise en forme : valeurs distinctes (Python)"] = time.monotonic() - started
            cursor.label = "mise en forme : tables de fusion"
            self._build_stage(cursor)
            cursor.label = "mise en forme : avertissements SIRET"
            cursor.execute("SELECT EXISTS (SELECT 1 FROM rpps_bad_siret)")
            if cursor.fetchone()[0]:
                # Warnings for the imported lines only (accepted, wanted département).
                cursor.execute(
                    "INSERT INTO rpps_rejects (line_no, identifier, reason) "
                    f"SELECT r.line_no, {f('national_id')}, %s FROM rpps_raw AS r "
                    f"JOIN rpps_bad_siret AS bs ON bs.value = {f('siret')} "
                    "WHERE NOT EXISTS (SELECT 1 FROM rpps_rejects AS x "
                    f"WHERE x.line_no = r.line_no) {self._wanted_sql()}",
                    [SIRET_WARNING, *self._stage_params()],
                )
                self.siret_warnings = cursor.rowcount
        self.phases["mise en forme (total)"] = time.monotonic() - clock

    def _python_maps(self, cursor) -> None:
        """What Python computes once per distinct value of the lines:
        `rpps_norm(value, mapped)` the normalised names and savoir-faire labels
        (`core.text.normalise`), `rpps_bad_siret(value)` the SIRETs python-stdnum refuses.
        Streams: a server-side cursor read in batches, each batch sent back with COPY (the
        connection cannot fetch while a COPY is open)."""
        f = self.f
        for table in ("rpps_norm", "rpps_bad_siret"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TEMPORARY TABLE {table} (value text PRIMARY KEY, mapped text)")
        raw = cursor.cursor.cursor
        # One DISTINCT per column (a hash of a few hundred values each, cheaper than a row per
        # value); the names of the lines to shape only: every line on a first load, the new and
        # changed ones on a re-import. The savoir-faire labels and SIRETs of every line (new
        # savoir-faire, warnings).
        lines = "rpps_raw AS r"
        if not self.first_load:
            lines += f" JOIN {self.lines[0]} AS k ON k.line_no = r.line_no"
        sql = (
            "SELECT DISTINCT t.kind, t.value FROM ("
            f"SELECT DISTINCT 'n' AS kind, {f('last_name')} AS value FROM {lines} "
            f"UNION ALL SELECT DISTINCT 'n', {f('first_name')} FROM {lines} "
            "UNION ALL SELECT DISTINCT 'n', spec_label FROM rpps_keys "
            f"UNION ALL SELECT DISTINCT 's', {f('siret')} FROM rpps_raw AS r "
            f"WHERE {f('siret')} <> '') AS t WHERE t.value IS NOT NULL"
        )
        with self.connection.connection.cursor(name="rpps_distinct_values") as source:
            source.execute(sql)
            while batch := source.fetchmany(20_000):
                names = [(v, normalise(v)) for kind, v in batch if kind == "n"]
                bad = [(v, "") for kind, v in batch if kind == "s" and not siret_is_valid(v)]
                for table, rows in (("rpps_norm", names), ("rpps_bad_siret", bad)):
                    if rows:
                        with raw.copy(f"COPY {table} (value, mapped) FROM STDIN") as sink:
                            for row in rows:
                                sink.write_row(row)
        cursor.execute("ANALYZE rpps_norm")
        cursor.execute("ANALYZE rpps_bad_siret")

    def _stage_params(self) -> list:
        return [sorted(self.departements)] if self.departements else []

    def _wanted_sql(self) -> str:
        """The département filter (`rpps.departement_of`), or nothing."""
        if not self.departements:
            return ""
        f = self.f
        code = f"coalesce(nullif({f('commune_code')}, ''), {f('postal_code')})"
        departement = (
            f"CASE WHEN {code} = '' THEN {f('departement')} "
            f"WHEN {code} LIKE '97%%' THEN left({code}, 3) ELSE left({code}, 2) END"
        )
        return f"AND ({departement}) = ANY(%s)"

    def _stage_values(self) -> dict[str, str]:
        """Each merge column as an SQL expression over a line of `rpps_raw`. Values are cut to
        the column's length by a varchar(n) cast: it truncates like left() but returns the value
        untouched, without counting characters nor copying, when its bytes already fit."""
        f = self.f
        role_pos = self.index.get("role_code")
        role_code = f("role_code") if role_pos is not None else "''"
        role = f("role") if role_pos is not None else "''"
        nid, structure = f("national_id"), f("structure_id")
        street = (
            f"concat_ws(' ', nullif({f('street_number')}, ''), nullif({f('repetition')}, ''), "
            f"nullif({f('street_type')}, ''), nullif({f('street')}, ''))"
        )
        address = f"concat_ws(', ', nullif({street}, ''), nullif({f('distribution')}, ''))"
        extra = f"concat_ws(', ', nullif({f('recipient')}, ''), nullif({f('geo_extra')}, ''))"
        cedex, city = f("cedex"), f("city")
        city_expr = (
            f"CASE WHEN {city} <> '' OR {cedex} = '' THEN {city} "
            f"WHEN position(' ' in {cedex}) > 0 AND {cedex} ~ '^[0-9]{{5}}' "
            f"THEN substr({cedex}, position(' ' in {cedex}) + 1) ELSE {cedex} END"
        )
        commune, postal = f("commune_code"), f("postal_code")
        search_name = "btrim(coalesce(nl.mapped, '') || ' ' || coalesce(nf.mapped, ''))"
        values = {
            "line_no": "r.line_no",
            "national_id": nid,
            "id_type": f("id_type"),
            "identifier": f("identifier"),
            "practice_civility": f"({f('practice_civility')})::varchar(20)",
            "civility": f"({f('civility')})::varchar(20)",
            "last_name": f"({f('last_name')})::varchar(120)",
            "first_name": f"({f('first_name')})::varchar(120)",
            "search_name": f"({search_name})::varchar(250)",
            "profession_code": f"({f('profession_code')})::varchar(10)",
            "profession": f"({f('profession')})::varchar(120)",
            "category_code": f"({f('category_code')})::varchar(5)",
            "category": f"({f('category')})::varchar(60)",
            "spec_code": f"({f('spec_code')})::varchar(20)",
            "spec_label": f"({f('spec_label')})::varchar(200)",
            "spec_kind": f"({f('spec_kind')})::varchar(120)",
            "spec_search": f"CASE WHEN {f('spec_code')} = '' THEN '' "
            "ELSE coalesce(ns.mapped, '')::varchar(200) END",
            "act_key": f"CASE WHEN {structure} = '' THEN '' "
            f"ELSE ({nid} || '|' || {structure} || '|' || {role_code})::varchar(80) END",
            "mode_code": f"({f('mode_code')})::varchar(5)",
            "mode": f"({f('mode')})::varchar(60)",
            "sector": f"({f('sector')})::varchar(120)",
            "role": f"({role})::varchar(120)",
            "structure_id": f"({structure})::varchar(40)",
            "siret": f"CASE WHEN bs.value IS NULL THEN {f('siret')}::varchar(14) ELSE '' END",
            "finess_site": f"({f('finess_site')})::varchar(9)",
            "finess_ej": f"({f('finess_ej')})::varchar(9)",
            "site_name": (
                f"(coalesce(nullif({f('site_name')}, ''), {f('trade_name')}))::varchar(250)"
            ),
            "address": f"({address})::varchar(300)",
            "address_extra": f"({extra})::varchar(250)",
            "postal_code": f"(coalesce(nullif({postal}, ''), left({cedex}, 5)))::varchar(10)",
            "city": f"({city_expr})::varchar(120)",
            "commune_code": f"({commune})::varchar(5)",
            "commune_id": "coalesce(c.insee_code, '')",
            "country": f"({f('country')})::varchar(60)",
            "phone": f"({f('phone')})::varchar(30)",
            "phone2": f"({f('phone2')})::varchar(30)",
            "fax": f"({f('fax')})::varchar(30)",
            "email": f"({f('email')})::varchar(254)",
        }
        assert list(values) == sql_rpps.NAMES  # noqa: S101 -- a programming error, not input
        return values

    def _first_lines(self, cursor) -> None:
        """`rpps_first_pro` / `rpps_first_act`: the first line of each professional and
        activity with its key and hash; on a re-import `rpps_todo_pro` / `rpps_todo_act`: those
        to write (and the absent rows). Sets `self.lines`, the tables of the lines to shape."""
        # The first line of each professional and of each activity: sorting only (key, line
        # number, hash) stays in memory; the wide rows are then picked by a hash join.
        cursor.label = "mise en forme : premières lignes"
        cursor.execute(
            "CREATE TEMPORARY TABLE rpps_first_pro AS SELECT DISTINCT ON (nid) line_no, "
            'nid COLLATE "default" AS national_id, pro_hash AS import_hash '
            "FROM rpps_keys WHERE reason IS NULL AND wanted ORDER BY nid, line_no"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE rpps_first_act AS SELECT DISTINCT ON (act_key) line_no, "
            'act_key COLLATE "default" AS act_key, act_hash AS import_hash '
            "FROM rpps_keys WHERE reason IS NULL AND wanted AND act_key <> '' "
            "ORDER BY act_key, line_no"
        )
        self.staged = cursor.rowcount
        cursor.execute("ANALYZE rpps_first_pro")
        cursor.execute("ANALYZE rpps_first_act")
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM directory_professional "
            "WHERE national_id IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM directory_activity "
            "WHERE import_key IS NOT NULL)"
        )
        self.first_load = cursor.fetchone()[0]
        pro_lines, act_lines = "rpps_first_pro", "rpps_first_act"
        if not self.first_load:
            # The lines to reshape: new rows, rows whose hash changed (or that were imported
            # without one), rows coming back after a deactivation; and, in the same full join,
            # the directory's imported rows absent from the file (`gone_id`, for the
            # deactivations of a full snapshot).
            cursor.label = "mise en forme : lignes nouvelles, modifiées ou disparues"
            for todo, first, table, key, file_key in (
                (
                    "rpps_todo_pro",
                    "rpps_first_pro",
                    "directory_professional",
                    "national_id",
                    "national_id",
                ),
                ("rpps_todo_act", "rpps_first_act", "directory_activity", "import_key", "act_key"),
            ):
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {todo} AS SELECT k.*, "
                    "CASE WHEN k.line_no IS NULL THEN d.id END AS gone_id "
                    f"FROM {first} AS k FULL JOIN {table} AS d ON d.{key} = k.{file_key} "
                    "WHERE CASE WHEN k.line_no IS NULL THEN d.source = 'import' AND d.is_active "
                    "ELSE d.id IS NULL OR NOT d.is_active "
                    "OR d.import_hash IS DISTINCT FROM k.import_hash END"
                )
            cursor.execute("ANALYZE rpps_todo_pro")
            cursor.execute("ANALYZE rpps_todo_act")
            pro_lines, act_lines = "rpps_todo_pro", "rpps_todo_act"
        self.lines = (pro_lines, act_lines)

    def _build_stage(self, cursor) -> None:
        """The merge's three inputs, straight from the accepted lines: `rpps_pro` (first line
        of each professional), `rpps_act` (first line of each activity), `rpps_stage` (who has
        which savoir-faire)."""
        f = self.f
        values = self._stage_values()
        commune = f("commune_code")
        joins = (
            f"LEFT JOIN rpps_norm AS nl ON nl.value = {f('last_name')} "
            f"LEFT JOIN rpps_norm AS nf ON nf.value = {f('first_name')} "
            f"LEFT JOIN rpps_norm AS ns ON ns.value = {f('spec_label')} "
            f"LEFT JOIN rpps_bad_siret AS bs ON bs.value = {f('siret')} "
            f"LEFT JOIN core_commune AS c ON c.insee_code = {commune} AND {commune} <> '' "
        )

        def select(names):
            return ", ".join(f"{values[n]} AS {n}" for n in names)

        pro = ["national_id", *sql_rpps.PRO_FIELDS]
        act = [
            "national_id",
            "act_key",
            *sql_rpps.ACT_FIELDS.values(),
            "commune_id",
            *sql_rpps.CONTACT_FIELDS,
        ]
        pro_lines, act_lines = self.lines
        # Views: the merge reads each once (its UPDATE, or its INSERT on a first load); the
        # keys of every line (deactivations, hashes) come from the narrow tables above.
        cursor.label = "mise en forme : professionnels"
        cursor.execute(
            f"CREATE TEMPORARY VIEW rpps_pro AS SELECT {select(pro)}, k.import_hash "
            f"FROM rpps_raw AS r JOIN {pro_lines} AS k ON k.line_no = r.line_no {joins}"
        )
        cursor.label = "mise en forme : lieux d'activité"
        cursor.execute(
            f"CREATE TEMPORARY VIEW rpps_act AS SELECT {select(act)}, k.import_hash "
            f"FROM rpps_raw AS r JOIN {act_lines} AS k ON k.line_no = r.line_no {joins}"
        )
        cursor.label = "mise en forme : savoir-faire"
        # Who has which savoir-faire: from the narrow keys, not another scan of rpps_raw.
        cursor.execute(
            'CREATE TEMPORARY TABLE rpps_stage AS SELECT DISTINCT k.nid COLLATE "default" '
            "AS national_id, k.spec_code::varchar(20) AS spec_code, "
            "k.spec_label::varchar(200) AS spec_label, k.spec_kind::varchar(120) AS spec_kind, "
            "coalesce(ns.mapped, '')::varchar(200) AS spec_search FROM rpps_keys AS k "
            "LEFT JOIN rpps_norm AS ns ON ns.value = k.spec_label "
            "WHERE k.reason IS NULL AND k.wanted AND k.spec_code <> ''"
        )
        # Unique by construction (DISTINCT ON); the merge joins them by hash: no index.
        cursor.label = "mise en forme : statistiques"
        cursor.execute("ANALYZE rpps_stage")

    # Report --------------------------------------------------------------------------------

    def write_report(self) -> None:
        """Every rejected line (and SIRET warning), in line order."""
        with self.connection.connection.cursor(name="rpps_rejects_out") as source:
            source.itersize = 20_000
            source.execute("SELECT line_no, identifier, reason FROM rpps_rejects ORDER BY line_no")
            for line_no, identifier, reason in source:
                if reason == SIRET_WARNING:
                    self.report.warn(line_no, identifier, reason)
                else:
                    self.report.reject(line_no, identifier, reason)

    def drop(self) -> None:
        """After the merge (the first load's views read `rpps_raw`: dropped with it)."""
        with self.connection.cursor() as cursor:
            for table in (
                "rpps_raw",
                "rpps_rejects",
                "rpps_norm",
                "rpps_bad_siret",
                "rpps_first_pro",
                "rpps_first_act",
                "rpps_todo_pro",
                "rpps_todo_act",
                "rpps_keys",
            ):
                cursor.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
            cursor.execute("DROP SEQUENCE IF EXISTS rpps_line")


def _blocks(handle):
    """Blocks of about BLOCK_BYTES, each ending at a line end (the file's last line is complete,
    checked before)."""
    tail = b""
    while True:
        chunk = handle.read(BLOCK_BYTES)
        if not chunk:
            if tail:
                yield tail if tail.endswith(b"\n") else tail + b"\n"
            return
        chunk = tail + chunk
        cut = chunk.rfind(b"\n") + 1
        if cut == 0:
            tail = chunk
            continue
        tail = chunk[cut:]
        yield chunk[:cut]
