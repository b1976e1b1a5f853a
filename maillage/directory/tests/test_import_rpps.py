"""import_rpps on the shared samples and on generated bad files."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.core.text import normalise
from maillage.directory.imports import sql_rpps
from maillage.directory.imports.rpps import RppsImporter, luhn_ok
from maillage.directory.models import Activity, ImportRun, Professional, Source
from maillage.directory.tests.data import shared_file
from maillage.directory.tests.factories import ActivityFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db

SAMPLE = "formats/ps_libreacces_personne_activite_sample.txt"
HEADERS_56 = "formats/ps_libreacces_other_headers_reconstructed.txt"


def sample_lines() -> list[str]:
    return shared_file(SAMPLE).read_text(encoding="utf-8").splitlines()


def write(tmp_path: Path, lines: list[str], name="ps.txt", raw: bytes = b"") -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\n" + raw)
    return path


def run(path: Path, *args) -> str:
    out = StringIO()
    call_command("import_rpps", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_the_identifier_helpers_accept_the_sample_keys():
    from maillage.core.identifiers import adeli_is_valid, rpps_is_valid

    assert adeli_is_valid("012600631") and adeli_is_valid("759124159")
    assert rpps_is_valid("10001045367")
    assert not rpps_is_valid("10001045368")
    assert luhn_ok("10001045367") and not luhn_ok("10001045368")


def test_it_imports_the_sample_and_prints_a_french_summary(tmp_path):
    output = run(shared_file(SAMPLE))
    assert "lignes lues : 3, créés : 3, mis à jour : 0, désactivés : 0, rejetés : 0" in output
    doctor = Professional.objects.get(national_id="810001045367")
    assert (doctor.id_type, doctor.identifier, doctor.last_name) == ("8", "10001045367", "GUIGNARD")
    assert doctor.practice_civility == "Docteur"
    assert doctor.profession == "Médecin"
    assert doctor.search_name == "guignard eric"
    assert list(doctor.specialties.values_list("label", flat=True)) == [
        "Santé publique et médecine sociale"
    ]
    activity = doctor.activities.get()
    assert activity.name == "AIMMUNE THERAPEUTICS UK LIMITED"
    assert activity.mode == "Salarié"
    assert activity.siret == "85131528300016"
    adeli = Professional.objects.get(national_id="0012600631")
    assert adeli.get_id_type_display() == "ADELI"
    place = adeli.activities.get()
    assert place.address == "9 RTE DE BESANCON"
    assert place.postal_code == "25300"
    run_record = ImportRun.objects.get()
    assert (run_record.rows_read, run_record.created, run_record.outcome) == (3, 3, "done")


def test_a_second_run_changes_nothing(tmp_path):
    run(shared_file(SAMPLE))
    output = run(shared_file(SAMPLE))
    assert "créés : 0, mis à jour : 0, désactivés : 0" in output
    assert Professional.objects.count() == 3
    assert Activity.objects.count() == 3


def test_columns_are_found_by_name_in_the_56_column_layout_in_any_order(tmp_path):
    lines = sample_lines()
    header56 = next(
        line
        for line in shared_file(HEADERS_56).read_text(encoding="utf-8").splitlines()
        if line.startswith("Type d'identifiant PP") and "Code rôle" in line
    )
    names = header56.split("|")[:-1]
    rows = [[*line.split("|")[:-1], "", "", "", ""] for line in lines[1:]]
    order = list(reversed(range(len(names))))  # every column moved
    shuffled = ["|".join(names[i] for i in order) + "|"]
    shuffled += ["|".join(row[i] for i in order) + "|" for row in rows]
    output = run(write(tmp_path, shuffled))
    assert "créés : 3" in output
    assert Professional.objects.get(national_id="0759124159").last_name == "DE RUIJTER"


def test_bad_lines_go_to_the_report_and_the_rest_is_imported(tmp_path, communes_44):
    lines = sample_lines()
    header, good = lines[0], lines[1]
    fields = good.split("|")
    bad_key = good.replace("012600631", "012600632").replace("0012600631", "0012600632")
    short = "|".join(fields[:20]) + "|"
    unknown_commune = fields.copy()
    unknown_commune[2], unknown_commune[1] = "0759124159", "759124159"
    unknown_commune[36] = "99999"
    path = write(
        tmp_path,
        [header, good, bad_key, short, "|".join(unknown_commune)],
        raw="0|012600631|0012600631|||M|Monsieur|P\xe9TIT".encode("latin-1") + b"|" * 45 + b"\n",
    )
    report = tmp_path / "rejets.csv"
    output = run(path, "--report", str(report))
    assert "lignes lues : 5, créés : 1, mis à jour : 0, désactivés : 0, rejetés : 4" in output
    rows = list(csv.reader(report.open(encoding="utf-8"), delimiter=";"))
    assert rows[0] == ["ligne", "identifiant", "motif"]
    reasons = {int(r[0]): r[2] for r in rows[1:]}
    assert "clé de contrôle" in reasons[3]
    assert "nombre de champs incorrect" in reasons[4]
    assert "code commune inconnu « 99999 »" in reasons[5]
    assert "non UTF-8" in reasons[6]
    assert Professional.objects.filter(national_id="0012600631").exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"TYPECOM,COM,REG\nCOM,01001,84\n", "séparées par « | »"),
        (b"Nom;Prenom\nA;B\n", "séparateur trouvé : « ; »"),
        (b"Type d'identifiant PP|Identifiant PP|\n0|1|\n", "colonnes absentes"),
        (b"", "Fichier vide"),
    ],
)
def test_a_wrong_file_is_refused_before_anything_changes(tmp_path, content, reason):
    ProfessionalFactory()
    path = tmp_path / "wrong.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=reason):
        run(path)
    assert Professional.objects.filter(is_active=True).count() == 1
    assert ImportRun.objects.get().outcome == "refused"


def test_a_truncated_file_is_refused(tmp_path):
    lines = sample_lines()
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(lines) + "\n" + lines[1][:60], encoding="utf-8")
    with pytest.raises(CommandError, match="tronqué"):
        run(path)
    assert not Professional.objects.exists()


def test_a_full_snapshot_deactivates_absent_imported_professionals_only(tmp_path):
    gone = ProfessionalFactory(source=Source.IMPORT)
    gone_activity = ActivityFactory(professional=gone, import_key=f"{gone.national_id}|X|")
    hand_made = ProfessionalFactory(source=Source.MANUAL, national_id=None, identifier="")
    output = run(shared_file(SAMPLE))
    assert "désactivés : 1" in output
    gone.refresh_from_db()
    gone_activity.refresh_from_db()
    assert not gone.is_active and gone.deactivated_at is not None
    assert not gone_activity.is_active
    hand_made.refresh_from_db()
    assert hand_made.is_active


def test_a_departement_subset_never_deactivates(tmp_path):
    gone = ProfessionalFactory(source=Source.IMPORT)
    output = run(shared_file(SAMPLE), "--departement", "25")
    assert "créés : 1" in output and "désactivés : 0" in output
    assert Professional.objects.get(national_id="0012600631")
    gone.refresh_from_db()
    assert gone.is_active


def test_a_bad_departement_option_is_explained():
    with pytest.raises(CommandError, match="n'est pas un code de département"):
        call_command("import_rpps", "x.txt", "--departement", "Loire")


def test_contact_data_corrected_by_a_network_wins_over_the_file(tmp_path):
    run(shared_file(SAMPLE))
    activity = Activity.objects.get(professional__national_id="0759124159")
    assert activity.phone == "0148237096"
    activity.phone, activity.contact_edited = "01 00 00 00 00", True
    activity.save()
    run(shared_file(SAMPLE))
    activity.refresh_from_db()
    assert activity.phone == "01 00 00 00 00"


def test_a_dry_run_counts_but_changes_nothing(tmp_path):
    output = run(shared_file(SAMPLE), "--dry-run")
    assert "Simulation" in output and "créés : 3" in output
    assert not Professional.objects.exists()


def test_a_crash_midway_leaves_the_directory_as_it_was_and_can_be_rerun(tmp_path, monkeypatch):
    run(shared_file(SAMPLE))
    before = list(Professional.objects.order_by("pk").values_list("national_id", "is_active"))
    lines = sample_lines()
    path = write(tmp_path, lines[:2])  # a full snapshot that would deactivate two people
    real_merge = sql_rpps._merge

    def merge_then_crash(*args, **kwargs):
        real_merge(*args, **kwargs)
        raise RuntimeError("coupure pendant l'import")

    monkeypatch.setattr(sql_rpps, "_merge", merge_then_crash)
    with pytest.raises(RuntimeError):
        RppsImporter(path, show_progress=False).run()
    after = list(Professional.objects.order_by("pk").values_list("national_id", "is_active"))
    assert after == before
    monkeypatch.setattr(sql_rpps, "_merge", real_merge)
    assert RppsImporter(path, show_progress=False).run().deactivated == 2


def test_the_synthetic_generator_writes_a_file_the_import_accepts(tmp_path):
    out = StringIO()
    path = tmp_path / "synthetic.txt"
    call_command("generate_rpps_file", "--rows", "300", "--output", str(path), stdout=out)
    result = RppsImporter(path, show_progress=False).run()
    assert (result.rows_read, result.rejected) == (300, 0)
    assert result.created == Professional.objects.count() > 200


def _schema_objects():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'directory_%%' "
            "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE 'directory_%%' OR "
            "confrelid::regclass::text LIKE 'directory_%%' ORDER BY 1, 2"
        )
        return cursor.fetchall()


def test_the_postgresql_bulk_mode_restores_every_index_and_constraint(monkeypatch):
    from django.db import connection

    from maillage.directory.imports import bulk_pg

    if connection.vendor != "postgresql":
        pytest.skip("mode de chargement massif propre à PostgreSQL")
    before = _schema_objects()
    monkeypatch.setattr(bulk_pg, "is_bulk_load", lambda cursor, staged: True)
    dropped = []
    real_drop = bulk_pg.drop
    monkeypatch.setattr(
        bulk_pg, "drop", lambda cursor: dropped.append(real_drop(cursor)) or dropped[-1]
    )
    result = RppsImporter(shared_file(SAMPLE), show_progress=False).run()
    assert result.created == 3
    assert dropped and dropped[0].indexes and dropped[0].constraints
    names = {name for _table, name, _definition in dropped[0].constraints}
    # Activities' primary key goes (nothing references it); the professionals' one, that other
    # applications' foreign keys need, stays.
    assert "directory_activity_pkey" in names
    assert "directory_professional_pkey" not in names
    assert _schema_objects() == before
    assert Activity.objects.filter(professional__national_id="810001045367").count() == 1


@pytest.mark.django_db(databases=[])
def test_the_inlined_luhn_agrees_with_python_stdnum():
    from hypothesis import given
    from hypothesis import strategies as st
    from stdnum import luhn

    @given(st.text(alphabet="0123456789", min_size=1, max_size=14))
    def check(digits):
        assert luhn_ok(digits) == luhn.is_valid(digits)

    check()


def _with(fields: list[str], **changes) -> str:
    """A sample line with some fields replaced (positions of the 52-column sample)."""
    row = fields.copy()
    for position, value in changes.items():
        row[int(position[1:])] = value
    return "|".join(row)


def _person(fields: list[str], base: str, **changes) -> str:
    """Another valid ADELI professional (9 digits, Luhn key) from the sample's ADELI line."""
    from stdnum import luhn

    identifier = base + luhn.calc_check_digit(base)
    return _with(fields, p0="0", p1=identifier, p2="0" + identifier, **changes)


def test_a_wrong_siret_key_is_a_warning_in_the_report_and_the_line_is_imported(tmp_path):
    lines = sample_lines()
    fields = lines[1].split("|")
    bad_siret = _with(fields, p19="85131528300017")  # last digit changed: Luhn key wrong
    path = write(tmp_path, [lines[0], bad_siret, *lines[2:]])
    report = tmp_path / "rapport.csv"
    output = run(path, "--report", str(report))
    assert "créés : 3" in output and "rejetés : 0" in output
    assert "sans leur numéro SIRET" in output
    rows = list(csv.reader(report.open(encoding="utf-8"), delimiter=";"))
    assert rows[1][0] == "2" and "SIRET du site invalide" in rows[1][2]
    nid = fields[2]
    assert Activity.objects.get(professional__national_id=nid).siret == ""


def test_lines_cut_or_joined_are_found_even_when_a_block_has_the_right_separator_count(
    tmp_path, monkeypatch
):
    """One line with a field too many and one with a field too few: the block's `|` count is
    right, COPY refuses it, the block is checked line by line; small blocks so that line
    numbers run across several blocks."""
    from maillage.directory.imports import rpps_copy

    lines = sample_lines()
    fields = lines[1].split("|")
    people = [_person(fields, f"0126{n:04d}", p7=f"NOM{n:02d}") for n in range(12)]
    too_many = people[7].replace("|NOM07|", "|NOM|07|")
    too_few = people[8].replace("|NOM08|", "|")
    body = [*people[:7], too_many, too_few, *people[9:]]
    # Blocks of two lines: lines 8-9 of the body (file lines 9 and 10) share one.
    monkeypatch.setattr(rpps_copy, "BLOCK_BYTES", 2 * len(people[0]) + 3)
    refused = []
    real_send_lines = rpps_copy.CopyLoader._send_lines

    def send_lines(loader, raw, block, first_line):
        if loader._block_is_clean(block, block.count(b"\n")):
            refused.append(first_line)  # clean by its counts, refused by COPY
        return real_send_lines(loader, raw, block, first_line)

    monkeypatch.setattr(rpps_copy.CopyLoader, "_send_lines", send_lines)
    path = write(tmp_path, [lines[0], *body])
    report = tmp_path / "rapport.csv"
    output = run(path, "--report", str(report))
    assert "lignes lues : 12, créés : 10" in output and "rejetés : 2" in output
    rows = list(csv.reader(report.open(encoding="utf-8"), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["9", "10"]
    assert all("nombre de champs incorrect" in r[2] for r in rows[1:])
    assert set(Professional.objects.values_list("last_name", flat=True)) == {
        f"NOM{n:02d}" for n in range(12) if n not in (7, 8)
    }
    from django.db import connection

    if connection.vendor == "postgresql":
        assert refused == [9]


TRICKY_NAMES = [
    ("N'DIAYE-LÉVÊQUE", "Marie-Noëlle"),
    ("ÇELİK", "Zoë"),
    ("DE L’ÉPÉE", "Jean  Baptiste"),
    ("ŒUVRARD", "Ægidius"),
    ("O\\BRIEN", "Tab\tulé"),
    ("MÜLLER–SCHMIDT", "Ångström"),
    ("ﬁLIPPI", "Ｊｅａｎ"),
]


def _directory_rows():
    pros = sorted(
        Professional.objects.values_list(
            "national_id", "last_name", "first_name", "search_name", "profession", "is_active"
        )
    )
    activities = sorted(
        Activity.objects.values_list(
            "import_key",
            "professional__national_id",
            "name",
            "address",
            "address_extra",
            "postal_code",
            "city",
            "commune_id",
            "siret",
            "phone",
            "role",
        )
    )
    specialties = sorted(
        Professional.objects.filter(specialties__isnull=False).values_list(
            "national_id", "specialties__code", "specialties__search_name"
        )
    )
    return pros, activities, specialties


def test_the_postgresql_set_based_path_gives_the_same_directory_as_the_streaming_path(
    tmp_path, communes_44
):
    """Same rows, same normalised search names (core.text.normalise), same report, on names
    with accents, ligatures, apostrophes, backslashes and tabs, cedex-only cities, SIRET
    warnings, bad lines and a département filter."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("le chemin ensembliste (COPY) est propre à PostgreSQL")
    lines = sample_lines()
    fields = lines[1].split("|")
    body = []
    for n, (last, first) in enumerate(TRICKY_NAMES):
        body.append(
            _person(
                fields,
                f"0127{n:04d}",
                p7=last,
                p8=first,
                p16="Médecine générale" if n % 2 else "",
                p15="SM54" if n % 2 else "",
                p23=f"S{n}",
                p35="" if n == 2 else "44000",
                p36="44109" if n != 3 else "",
                p37="" if n in (2, 3) else "NANTES",
                p34="44035 NANTES CEDEX 1" if n in (2, 3) else "",
                p19="85131528300017" if n == 4 else "",
                p44="44",
            )
        )
    body.append(_person(fields, "01270000", p23="S-second"))  # a second activity
    body.append(_person(fields, "01279999", p36="99999"))  # unknown commune
    body.append(lines[2].replace("759124159", "759124158"))  # wrong key
    body.append(_person(fields, "01278888", p7=""))  # empty name
    path = write(tmp_path, [lines[0], *body, *lines[1:]])

    outcomes = {}
    for set_based in (True, False):
        Activity.objects.all().delete()
        Professional.objects.all().delete()
        report = tmp_path / f"rapport-{set_based}.csv"
        full = RppsImporter(path, show_progress=False, set_based=set_based, report=report).run()
        full_rows = _directory_rows()
        Activity.objects.all().delete()
        Professional.objects.all().delete()
        subset = RppsImporter(path, show_progress=False, set_based=set_based, departements=["44"])
        part = subset.run()
        outcomes[set_based] = (
            full_rows,
            _directory_rows(),
            report.read_text(encoding="utf-8"),
            (full.rows_read, full.created, full.rejected, part.created, part.rejected),
        )
    for got, expected in zip(outcomes[True], outcomes[False], strict=True):
        if isinstance(got, tuple) and isinstance(got[0], list):
            for got_rows, expected_rows in zip(got, expected, strict=True):
                assert set(got_rows) ^ set(expected_rows) == set()
        assert got == expected
    search_names = {row[1]: row[3] for row in outcomes[True][0][0]}
    assert search_names["N'DIAYE-LÉVÊQUE"] == "n diaye leveque marie noelle"
    assert search_names["O\\BRIEN"] == "o\\brien tab ule"
    assert search_names["ŒUVRARD"] == normalise("ŒUVRARD Ægidius")
    report_text = outcomes[True][2]
    assert "clé de contrôle (Luhn) fausse" in report_text
    assert "code commune inconnu « 99999 »" in report_text
    assert "nom d'exercice vide" in report_text
    assert "SIRET du site invalide" in report_text


def test_a_first_load_gives_the_same_directory_as_an_incremental_load(
    tmp_path, communes_44, monkeypatch
):
    """A first load into an empty directory (PostgreSQL: views over the raw lines, bulk mode
    without secondary indexes; both engines: no update pass) and the same file merged into a
    directory that already holds a national id (tables, updates, lookups by key) give the same
    rows and counts."""
    from django.db import connection

    from maillage.directory.imports import bulk_pg, rpps_copy

    out = StringIO()
    path = tmp_path / "synthetic.txt"
    call_command("generate_rpps_file", "--rows", "400", "--output", str(path), stdout=out)
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = sample_lines()[1].split("|")
    extra = _person(fields, "01266666", p7="")  # a rejected line (empty name): 52 columns
    if len(extra.split("|")) == len(lines[0].split("|")):
        lines.append(extra)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first_loads = []
    real_shape = rpps_copy.CopyLoader.shape

    def shape(loader):
        real_shape(loader)
        first_loads.append(loader.first_load)

    monkeypatch.setattr(rpps_copy.CopyLoader, "shape", shape)
    if connection.vendor == "postgresql":
        monkeypatch.setattr(bulk_pg, "is_bulk_load", lambda cursor, staged: True)
        with connection.cursor() as cursor:
            # The test's communes left deferred checks pending: bulk mode could not drop the
            # foreign key to them (a real import starts its own transaction).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    first = RppsImporter(path, show_progress=False).run()
    first_rows = _directory_rows()

    Activity.objects.all().delete()
    Professional.objects.all().delete()
    monkeypatch.setattr(bulk_pg, "is_bulk_load", lambda cursor, staged: False)
    hand_made = ProfessionalFactory(source=Source.MANUAL, identifier="", id_type="")
    hand_made.national_id = "8HANDMADE"
    hand_made.save()
    again = RppsImporter(path, show_progress=False).run()
    again_rows = _directory_rows()
    again_rows = (
        [row for row in again_rows[0] if row[0] != hand_made.national_id],
        again_rows[1],
        again_rows[2],
    )

    def counts(result):
        return (result.rows_read, result.created, result.updated, result.rejected, result.extra)

    assert first.created > 300 and counts(first) == counts(again)
    assert first_rows == again_rows
    if connection.vendor == "postgresql":
        assert first_loads == [True, False]
    hand_made.refresh_from_db()
    assert hand_made.is_active


def test_the_sql_identifier_check_gives_the_python_reasons():
    """PostgreSQL checks identifiers in SQL (integer Luhn, no regex): same reason as the Python
    path for valid keys, wrong keys, leading zeros, letters, wrong lengths and types."""
    from django.db import connection

    from maillage.directory.imports import rpps_copy
    from maillage.directory.imports.rpps import identifier_problem

    if connection.vendor != "postgresql":
        pytest.skip("the SQL check runs on PostgreSQL only")
    import random

    rng = random.Random(7)
    cases = [("8", "10000000006"), ("8", "00000000000"), ("0", "000000000"), ("8", "")]
    cases += [("8", "1000000000a"), ("0", "12345678"), ("0", "1234567890"), ("9", "123")]
    cases += [("8", "1" * 30), ("8", "-1000000000"), ("0", " 12345678"), ("", "")]
    for _ in range(400):
        id_type = rng.choice("08")
        length = 11 if id_type == "8" else 9
        cases.append((id_type, "".join(rng.choice("0123456789") for _ in range(length))))
    rows = [(t, i, t + i if n % 7 else "8" + i) for n, (t, i) in enumerate(cases)]
    reason = rpps_copy.identifier_reason_sql("v.t", "v.i", "v.nid")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.t, v.i, v.nid, CASE {reason} END FROM "  # noqa: S608 -- constant SQL
            "unnest(%s::text[], %s::text[], %s::text[]) AS v(t, i, nid) "
            f"CROSS JOIN {rpps_copy.number_sql('v.i')}",
            [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
        )
        found = cursor.fetchall()
    assert len(found) == len(rows)
    for id_type, ident, nid, sql_reason in found:
        assert sql_reason == identifier_problem(id_type, ident, nid), (id_type, ident, nid)
    assert sum(1 for *_, r in found if r is None) > 20  # valid keys were drawn too


def test_a_re_import_rewrites_only_the_rows_whose_fields_changed(tmp_path):
    """PostgreSQL keeps the hash of the file's fields on each row: a re-import reshapes and
    rewrites only the new or changed lines, and the rows coming back after a deactivation."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the hash of the imported fields is kept by the PostgreSQL path")
    lines = sample_lines()
    run(write(tmp_path, lines))
    assert not Professional.objects.filter(import_hash__isnull=True).exists()
    assert not Activity.objects.filter(import_hash__isnull=True).exists()
    stamps = dict(Activity.objects.values_list("import_key", "updated_at"))
    people = dict(Professional.objects.values_list("national_id", "updated_at"))

    fields = lines[1].split("|")
    changed = _with(fields, p7=fields[7] + "-MARTIN", p40="0240000000")
    output = run(write(tmp_path, [lines[0], changed, *lines[2:]], name="v2.txt"))
    assert "créés : 0, mis à jour : 1, désactivés : 0" in output
    assert "lieux d'activité mis à jour : 1" in output
    nid = fields[2]
    doctor = Professional.objects.get(national_id=nid)
    assert doctor.last_name == fields[7] + "-MARTIN"
    assert doctor.search_name.startswith(normalise(fields[7] + "-MARTIN"))
    assert doctor.activities.get().phone == "0240000000"
    for key, stamp in Activity.objects.values_list("import_key", "updated_at"):
        assert (stamp == stamps[key]) == (not key.startswith(nid + "|")), key
    for other, stamp in Professional.objects.values_list("national_id", "updated_at"):
        assert (stamp == people[other]) == (other != nid), other

    # Rows without a hash (imported before it existed) are compared field by field: the same
    # values count as no change, and get their hash.
    Professional.objects.update(import_hash=None)
    Activity.objects.update(import_hash=None)
    output = run(write(tmp_path, [lines[0], changed, *lines[2:]], name="v2.txt"))
    assert "créés : 0, mis à jour : 0, désactivés : 0" in output
    assert "lieux d'activité mis à jour : 0" in output
    assert not Professional.objects.filter(import_hash__isnull=True).exists()
    assert not Activity.objects.filter(import_hash__isnull=True).exists()

    # A network's contact correction still wins, whatever the file's hash says.
    activity = doctor.activities.get()
    activity.phone, activity.contact_edited = "01 00 00 00 00", True
    activity.save()
    again = _with(fields, p7=fields[7] + "-MARTIN", p40="0249999999")
    output = run(write(tmp_path, [lines[0], again, *lines[2:]], name="v3.txt"))
    assert "lieux d'activité mis à jour : 0" in output
    activity.refresh_from_db()
    assert activity.phone == "01 00 00 00 00"

    # Absent from a full snapshot: deactivated; back in the next one: reactivated.
    output = run(write(tmp_path, [lines[0], *lines[2:]], name="v4.txt"))
    assert "désactivés : 1" in output
    output = run(write(tmp_path, [lines[0], again, *lines[2:]], name="v5.txt"))
    assert "créés : 0, mis à jour : 1, désactivés : 0" in output
    assert "lieux d'activité mis à jour : 1" in output
    assert Professional.objects.get(national_id=nid).is_active
    assert doctor.activities.get().is_active
