"""import_finess: the same guarantees as import_rpps on the shared samples and generated bad
files (dry run, --departement, crash midway, second run, overseas projections, coordinates
range check, encodings, line-numbered report, progress)."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from maillage.core.models import Commune
from maillage.directory.imports.finess import FinessImporter
from maillage.directory.models import ImportRun, Organisation, Source
from maillage.directory.tests.data import shared_file
from maillage.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

STOCK = "formats/finess_etalab_cs1100502_stock_sample.csv"


def stock_lines() -> list[str]:
    return shared_file(STOCK).read_text(encoding="utf-8").splitlines()


def write(tmp_path, lines: list[str], name="etalab-stock.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def geoloc(finess: str, x: float, y: float, source: str) -> str:
    return f"geolocalisation;{finess};{x};{y};{source};2026-05-04"


LAMBERT = "1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)"


@pytest.fixture
def viriat(db):
    return Commune.objects.create(
        insee_code="01451", name="Viriat", search_name="viriat", departement="01", cog_type="COM"
    )


def reasons(report) -> list[list[str]]:
    return list(csv.reader(report.open(encoding="utf-8"), delimiter=";"))[1:]


def test_overseas_utm_lines_are_projected_into_the_right_territory(tmp_path):
    lines = stock_lines()
    lines += [
        # Saint-Martin (FINESS 9A): UTM 20N named in the line (EPSG:5490).
        geoloc("970100400", 478000.0, 2008000.0, "2,ATLASANTE,96,BAN,EPSG:5490 RGAF09/UTM 20N"),
        # Guyane (9C): the line only says UTM: the département's projection (EPSG:2972).
        geoloc("970302287", 352000.0, 543000.0, "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N22"),
    ]
    FinessImporter(write(tmp_path, lines)).run()
    st_martin = Organisation.objects.get(finess="970100400")
    assert 17.9 < st_martin.latitude < 18.2 and -63.3 < st_martin.longitude < -62.9
    cayenne = Organisation.objects.get(finess="970302287")
    assert 4.7 < cayenne.latitude < 5.1 and -52.6 < cayenne.longitude < -52.0


def test_points_outside_france_are_dropped_and_reported_with_their_line(tmp_path, viriat):
    lines = [*stock_lines(), geoloc("010000024", 9_000_000.0, 100.0, LAMBERT)]
    report = tmp_path / "rejets.csv"
    result = FinessImporter(write(tmp_path, lines), report=report).run()
    fleyriat = Organisation.objects.get(finess="010000024")
    assert fleyriat.latitude is None and fleyriat.commune_id == "01451"
    assert result.extra["coordonnées hors de France ignorées"] == 1
    assert result.rejected == 0  # a warning: the establishment is imported
    [line] = [r for r in reasons(report) if r[1] == "010000024"]
    assert line[0] == "5" and "hors de France" in line[2]


def test_unknown_communes_and_wrong_keys_are_warnings_with_line_numbers(tmp_path):
    lines = stock_lines()
    lines[1] = lines[1].replace("26010004500012", "26010004500013")
    report = tmp_path / "rejets.csv"
    out = StringIO()
    call_command(
        "import_finess",
        str(write(tmp_path, lines)),
        "--report",
        str(report),
        "--no-progress",
        stdout=out,
    )
    rows = reasons(report)
    assert rows[0][:2] == ["2", "010000024"] and "SIRET « 26010004500013 » invalide" in rows[0][2]
    unknown = [r for r in rows if "code commune « 01451 » inconnu" in r[2]]
    assert unknown and unknown[0][:2] == ["2", "010000024"]
    assert "sans commune connue : 3" in out.getvalue()
    assert Organisation.objects.count() == 3


def test_unreadable_bytes_and_unknown_line_types_are_rejected_the_rest_imported(tmp_path):
    lines = stock_lines()
    body = ("\n".join(lines) + "\n").encode("utf-8")
    damaged = body.replace(b"CH DE FLEYRIAT", b"CH DE FLEYRIAT \xff")
    damaged += b"structurexx;010000032;rien\n"
    path = tmp_path / "etalab.csv"
    path.write_bytes(damaged)
    report = tmp_path / "rejets.csv"
    result = FinessImporter(path, report=report).run()
    rows = reasons(report)
    assert ["2", "010000024", "octets illisibles en UTF-8 (encodage)"] in rows
    assert any(r[0] == "5" and "type de ligne inconnu" in r[2] for r in rows)
    assert result.rejected == 2 and result.created == 2
    # The other lines keep their accents: the file is still read as UTF-8.
    ehpad = Organisation.objects.get(finess="970302287")
    assert ehpad.category.startswith("Etablissement d'hébergement pour personnes âgées")


def test_a_windows_1252_stock_extract_is_detected(tmp_path):
    lines = stock_lines()
    FinessImporter(write(tmp_path, lines, encoding="cp1252")).run()
    assert Organisation.objects.get(finess="970100400").category == "Centre Hospitalier (C.H.)"
    ehpad = Organisation.objects.get(finess="970302287")
    assert ehpad.category == "Etablissement d'hébergement pour personnes âgées dépendantes"


def test_a_line_cut_short_in_the_historique_layout_is_rejected(tmp_path):
    original = shared_file("formats/finess_etalab_historique_joined_sample_20201231.csv")
    lines = original.read_text(encoding="utf-8").splitlines()
    lines[2] = ";".join(lines[2].split(";")[:10])
    report = tmp_path / "rejets.csv"
    result = FinessImporter(write(tmp_path, lines, name="historique.csv"), report=report).run()
    assert result.created == 2 and result.rejected == 1
    assert "champs au lieu de 42" in reasons(report)[0][2] and reasons(report)[0][0] == "3"


def test_a_dry_run_counts_but_changes_nothing(tmp_path):
    out = StringIO()
    call_command(
        "import_finess", str(write(tmp_path, stock_lines())), "--dry-run", "--no-progress",
        stdout=out,
    )  # fmt: skip
    assert "Simulation (--dry-run)" in out.getvalue() and "créés : 3" in out.getvalue()
    assert not Organisation.objects.exists()
    assert ImportRun.objects.get().dry_run


def test_a_departement_subset_imports_only_it_and_never_deactivates(tmp_path):
    elsewhere = OrganisationFactory(source=Source.IMPORT)
    out = StringIO()
    call_command(
        "import_finess", str(write(tmp_path, stock_lines())), "--departement", "01",
        "--no-progress", stdout=out,
    )  # fmt: skip
    imported = Organisation.objects.filter(source=Source.IMPORT).values_list("finess", flat=True)
    assert set(imported) == {elsewhere.finess, "010000024"}
    elsewhere.refresh_from_db()
    assert elsewhere.is_active and "désactivés : 0" in out.getvalue()
    call_command(
        "import_finess", str(write(tmp_path, stock_lines())), "--departement", "971",
        "--no-progress", stdout=StringIO(),
    )  # fmt: skip
    assert Organisation.objects.filter(finess="970100400").exists()
    with pytest.raises(CommandError, match="n'est pas un code de département"):
        call_command("import_finess", "x.csv", "--departement", "Ain", stdout=StringIO())


def test_a_crash_midway_leaves_the_directory_as_it_was_and_can_be_rerun(tmp_path, monkeypatch):
    kept = OrganisationFactory(source=Source.IMPORT)
    path = write(tmp_path, stock_lines())

    def crash(self, parsed, now):
        assert Organisation.objects.count() == 4  # the creates were written…
        raise RuntimeError("coupure")

    monkeypatch.setattr(FinessImporter, "_deactivate_absent", crash)
    with pytest.raises(RuntimeError):
        call_command("import_finess", str(path), "--no-progress", stdout=StringIO())
    assert list(Organisation.objects.all()) == [kept]  # …and rolled back
    kept.refresh_from_db()
    assert kept.is_active
    monkeypatch.undo()
    out = StringIO()
    call_command("import_finess", str(path), "--no-progress", stdout=out)
    assert "créés : 3" in out.getvalue() and "désactivés : 1" in out.getvalue()


def test_a_second_run_changes_nothing(tmp_path):
    path = write(tmp_path, [*stock_lines(), geoloc("010000024", 870262.2, 6571540.8, LAMBERT)])
    FinessImporter(path).run()
    again = FinessImporter(path).run()
    assert (again.created, again.updated, again.deactivated) == (0, 0, 0)


def test_wrong_files_are_refused_whole_with_the_reason(tmp_path):
    OrganisationFactory(source=Source.IMPORT)
    body = ("\n".join(stock_lines()) + "\n").encode()
    rpps = shared_file("formats/ps_libreacces_personne_activite_sample.txt")
    for content, reason in [
        (body[:-30], "Fichier tronqué"),
        (b"", "Fichier vide"),
        (rpps.read_bytes(), "séparé par « ; »"),
        (b'{"pmej": {"pas": "une liste"}}', "pmej"),
        (b'[{"numFinessEge": "010000024"}]', "pmej"),
    ]:
        wrong = tmp_path / "wrong.csv"
        wrong.write_bytes(content)
        with pytest.raises(CommandError, match=reason):
            call_command("import_finess", str(wrong), "--no-progress", stdout=StringIO())
    assert Organisation.objects.count() == 1
    assert set(ImportRun.objects.values_list("outcome", flat=True)) == {"refused"}


def test_the_progress_line_shows_rows_per_second(tmp_path):
    stream = StringIO()
    FinessImporter(write(tmp_path, stock_lines()), show_progress=True, progress_stream=stream).run()
    assert "Import FINESS" in stream.getvalue() and "lignes/s" in stream.getvalue()


def test_a_finess_plus_entity_with_a_bad_key_is_rejected_with_its_position(tmp_path):
    text = shared_file("formats/finess_plus_structures_sample_excerpt.json").read_text("utf-8")
    bad = text.replace('"010780195"', '"010780196"')
    path = tmp_path / "finess_plus.json"
    path.write_text(bad, encoding="utf-8")
    report = tmp_path / "rejets.csv"
    result = FinessImporter(path, report=report).run()
    assert result.rejected == 1 and result.created == 1
    assert reasons(report)[0][:2] == ["1", "010780196"]


def test_the_finess_plus_legal_entity_keeps_its_phone():
    FinessImporter(shared_file("formats/finess_plus_structures_sample_excerpt.json")).run()
    assert Organisation.objects.get(finess="010000156").phone == "0428631234"
    assert Organisation.objects.get(finess="010780195").phone == "0428631234"
