# ruff: noqa: S608 -- SQL is assembled from column positions computed from the header (integers)
# and constant expressions; every value read from the file stays in the database.
"""PostgreSQL fast path of the RPPS import: the database parses the lines.

Python only checks that each 1 MB block is valid UTF-8 (C speed; a block that is not is split
into lines and the bad ones replaced by empty lines, so line numbers stay right) and streams the
raw lines into a temporary table with COPY. One INSERT … SELECT then splits the lines
(`string_to_array`), checks them with the same rules as the Python path (field count, RPPS/ADELI
key, national identifier, name, commune code), builds the staged values and writes the reason of
every rejected line; the rejected lines are read back for the report and removed. The staged
table is the same as the Python path's, so the merge is shared.
"""

from __future__ import annotations

from maillage.core.text import strip_accents
from maillage.directory.imports.rpps import COLUMNS, OPTIONAL_COLUMNS

CHUNK = 1 << 20


def _accent_maps() -> tuple[str, str]:
    """Latin letters with diacritics and their plain letter, as `normalise` strips them."""
    source, target = [], []
    for code in range(0xC0, 0x250):
        ch = chr(code)
        plain = strip_accents(ch)
        if len(plain) == 1 and plain != ch:
            source.append(ch)
            target.append(plain)
    return "".join(source), "".join(target)


ACCENTED, PLAIN = _accent_maps()


def normalise_sql(expression: str) -> str:
    """SQL twin of `maillage.core.text.normalise` (two parameters: ACCENTED, PLAIN)."""
    return (
        f"btrim(regexp_replace(lower(translate({expression}, %s, %s)), "
        "'[[:space:]''’-]+', ' ', 'g'))"
    )


def luhn_sql(column: str, length: int) -> str:
    """Luhn check of a digit string of a fixed length, as plain arithmetic."""
    terms = []
    for position in range(1, length + 1):
        digit = f"substr({column}, {position}, 1)::int"
        if (length - position) % 2 == 1:  # every second digit from the right is doubled
            terms.append(f"(2 * {digit} - 9 * ({digit} >= 5)::int)")
        else:
            terms.append(digit)
    return f"(mod({' + '.join(terms)}, 10) = 0)"


def send_lines(cursor, path, progress, report) -> tuple[int, int]:
    """COPY the raw lines (header excluded) into rpps_raw; returns (lines, bad UTF-8 lines)."""
    cursor.execute("DROP TABLE IF EXISTS rpps_raw")
    cursor.execute("CREATE TEMPORARY TABLE rpps_raw (n bigserial, line text)")
    sql = "COPY rpps_raw (line) FROM STDIN WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x01')"
    lines = bad = 0
    with path.open("rb") as handle, cursor.cursor.copy(sql) as copy:
        handle.readline()
        rest = b""
        while True:
            block = handle.read(CHUNK)
            data = rest + block
            if not block:
                rest = b""
                if not data:
                    break
                if not data.endswith(b"\n"):
                    data += b"\n"
            else:
                cut = data.rfind(b"\n") + 1
                data, rest = data[:cut], data[cut:]
                if not data:
                    continue
            data = data.replace(b"\r", b"").replace(b"\x1f", b" ").replace(b"\x01", b" ")
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                data, found = _blank_bad_lines(data, lines, report)
                bad += found
            lines += data.count(b"\n")
            copy.write(data)
            progress.update(lines, handle.tell())
    return lines, bad


def _blank_bad_lines(data: bytes, before: int, report) -> tuple[bytes, int]:
    kept, bad = [], 0
    for offset, line in enumerate(data.split(b"\n")[:-1], start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            report.reject(before + offset + 1, "", "octets non UTF-8 (encodage incorrect)")
            line, bad = b"", bad + 1
        kept.append(line)
    return b"\n".join(kept) + b"\n", bad


def stage_lines(cursor, *, header: list[str], expected: int, departements, check_communes):
    """Splits, checks and stages every raw line; returns the rejected (line, id, reason)."""
    pos = {name: header.index(col) + 1 for name, col in COLUMNS.items()}  # arrays are 1-based
    pos.update({n: header.index(c) + 1 for n, c in OPTIONAL_COLUMNS.items() if c in header})

    def f(name: str) -> str:
        return f"coalesce(x.f[{pos[name]}], '')" if name in pos else "''"

    nid, kind, ident = f("national_id"), f("id_type"), f("identifier")
    commune = f("commune_code")
    reason = f"""CASE
        WHEN cardinality(x.f) <> {expected} THEN 'nombre de champs incorrect : '
            || (cardinality(x.f) - 1) || ' au lieu de {expected - 1}'
        WHEN {kind} = '8' AND ({ident} !~ '^[0-9]{{11}}$')
            THEN 'identifiant RPPS invalide : 11 chiffres attendus'
        WHEN {kind} = '8' AND NOT {luhn_sql(ident, 11)}
            THEN 'identifiant RPPS invalide : clé de contrôle (Luhn) fausse'
        WHEN {kind} = '0' AND ({ident} !~ '^[0-9]{{9}}$')
            THEN 'identifiant ADELI invalide : 9 chiffres attendus'
        WHEN {kind} = '0' AND NOT {luhn_sql(ident, 9)}
            THEN 'identifiant ADELI invalide : clé de contrôle (Luhn) fausse'
        WHEN {kind} NOT IN ('0', '8') THEN 'type d''identifiant inconnu « ' || left({kind}, 5)
            || ' » (0 = ADELI, 8 = RPPS attendus)'
        WHEN {nid} <> {kind} || {ident}
            THEN 'identification nationale incohérente avec le type et l''identifiant'
        WHEN {f("last_name")} = '' THEN 'nom d''exercice vide'
        WHEN %s AND {commune} <> '' AND c.insee_code IS NULL
            THEN 'code commune inconnu « ' || left({commune}, 10) || ' »'
        END"""
    code = f"coalesce(nullif({commune}, ''), nullif({f('postal_code')}, ''))"
    departement = (
        f"CASE WHEN {code} IS NULL THEN {f('departement')} "
        f"WHEN {code} LIKE '97%%' THEN left({code}, 3) ELSE left({code}, 2) END"
    )
    street = (
        f"concat_ws(' ', nullif({f('street_number')}, ''), nullif({f('repetition')}, ''), "
        f"nullif({f('street_type')}, ''), nullif({f('street')}, ''))"
    )
    cedex = f("cedex")
    city = (
        f"CASE WHEN {f('city')} <> '' THEN {f('city')} "
        f"WHEN {cedex} ~ '^[0-9]{{5}} ' THEN substr({cedex}, 7) ELSE {cedex} END"
    )
    act_key = (
        f"CASE WHEN {f('structure_id')} <> '' THEN "
        f"left({nid} || '|' || {f('structure_id')} || '|' || {f('role_code')}, 80) ELSE '' END"
    )
    values = [
        "x.n + 1",
        f"left({nid}, 12)",
        f"left({kind}, 1)",
        f"left({ident}, 11)",
        f"left({f('practice_civility')}, 20)",
        f"left({f('civility')}, 20)",
        f"left({f('last_name')}, 120)",
        f"left({f('first_name')}, 120)",
        "left(" + normalise_sql(f"{f('last_name')} || ' ' || {f('first_name')}") + ", 250)",
        f"left({f('profession_code')}, 10)",
        f"left({f('profession')}, 120)",
        f"left({f('category_code')}, 5)",
        f"left({f('category')}, 60)",
        f"left({f('spec_code')}, 20)",
        f"left({f('spec_label')}, 200)",
        f"left({f('spec_kind')}, 120)",
        "left(" + normalise_sql(f("spec_label")) + ", 200)",
        act_key,
        f"left({f('mode_code')}, 5)",
        f"left({f('mode')}, 60)",
        f"left({f('sector')}, 120)",
        f"left({f('role')}, 120)",
        f"left({f('structure_id')}, 40)",
        f"left({f('siret')}, 14)",
        f"left({f('finess_site')}, 9)",
        f"left({f('finess_ej')}, 9)",
        f"left(coalesce(nullif({f('site_name')}, ''), {f('trade_name')}), 250)",
        f"left(concat_ws(', ', nullif({street}, ''), nullif({f('distribution')}, '')), 300)",
        f"left(concat_ws(', ', nullif({f('recipient')}, ''), nullif({f('geo_extra')}, '')), 250)",
        f"left(coalesce(nullif({f('postal_code')}, ''), left({cedex}, 5)), 10)",
        f"left({city}, 120)",
        f"left({commune}, 5)",
        "coalesce(c.insee_code, '')",
        f"left({f('country')}, 60)",
        f"left({f('phone')}, 30)",
        f"left({f('phone2')}, 30)",
        f"left({f('fax')}, 30)",
        f"left({f('email')}, 254)",
        reason,
    ]
    keep = "TRUE"
    params: list = [ACCENTED, PLAIN, ACCENTED, PLAIN, check_communes]
    if departements:
        keep = f"({reason}) IS NOT NULL OR ({departement}) = ANY(%s)"
        params += [check_communes, list(departements)]
    from maillage.directory.imports.sql_rpps import NAMES

    cursor.execute("ALTER TABLE rpps_stage ADD COLUMN reason text")
    cursor.execute(
        f"INSERT INTO rpps_stage ({', '.join(NAMES)}, reason) "
        f"SELECT {', '.join(values)} FROM "
        "(SELECT n, string_to_array(line, '|') AS f FROM rpps_raw WHERE line IS NOT NULL) AS x "
        f"LEFT JOIN core_commune AS c ON c.insee_code = {commune} WHERE {keep}",
        params,
    )
    cursor.execute(
        "SELECT line_no, coalesce(national_id, ''), reason FROM rpps_stage "
        "WHERE reason IS NOT NULL ORDER BY line_no"
    )
    rejected = cursor.fetchall()
    cursor.execute("DELETE FROM rpps_stage WHERE reason IS NOT NULL")
    cursor.execute("ALTER TABLE rpps_stage DROP COLUMN reason")
    cursor.execute("SELECT count(*) FROM rpps_raw WHERE line IS NOT NULL")
    lines = cursor.fetchone()[0]
    cursor.execute("DROP TABLE rpps_raw")
    return rejected, lines
