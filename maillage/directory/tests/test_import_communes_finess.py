"""import_communes (COG + La Poste) and import_finess on the shared files and bad files."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from maillage.core.models import Commune
from maillage.directory.imports.communes import import_communes
from maillage.directory.imports.finess import FinessImporter, Projector, in_france, insee_code
from maillage.directory.models import Organisation, Source
from maillage.directory.tests.data import shared_file
from maillage.directory.tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

COG = "formats/insee_cog_commune_2022_sample.csv"


def test_it_imports_the_cog_sample_with_types_parents_and_folded_delegated_communes():
    _result, diff = import_communes(shared_file(COG))
    assert len(diff.added) == 9
    paris1 = Commune.objects.get(insee_code="75101")
    assert (paris1.cog_type, paris1.parent_id, paris1.departement) == ("ARM", "75056", "75")
    assert Commune.objects.get(insee_code="2A004").departement == "2A"
    assert Commune.objects.get(insee_code="01001").name == "L'Abergement-Clémenciat"
    assert Commune.objects.get(insee_code="01001").search_name == "l abergement clemenciat"
    # The COMD 01015 shares its code with its commune nouvelle (absent from the sample): kept.
    assert Commune.objects.get(insee_code="01015").cog_type == "COMD"


def test_postal_codes_and_coordinates_come_from_la_poste_with_or_without_gps(tmp_path):
    import_communes(shared_file(COG))
    no_gps = shared_file("formats/laposte_019HexaSmal_sample.csv")
    _result, diff = import_communes(None, no_gps)
    abergement = Commune.objects.get(insee_code="01001")
    assert abergement.postal_code_list == ["01400"]
    assert abergement.latitude is None
    assert diff.postal_codes_added >= 1


def test_the_full_reference_files_import_idempotently_and_keep_vanished_communes():
    cog = shared_file("reference/insee_cog_commune_2022.csv")
    postal = shared_file("reference/laposte_hexasmal_2020.csv")
    _result, diff = import_communes(cog, postal)
    assert len(diff.added) > 36000
    nantes = Commune.objects.get(insee_code="44109")
    assert nantes.name == "Nantes"
    assert "44000" in nantes.postal_code_list
    assert 47.1 < nantes.latitude < 47.3
    valserhone = Commune.objects.get(insee_code="01033")
    assert "bellegarde sur valserine" in valserhone.other_names
    assert Commune.objects.get(insee_code="13201").parent_id == "13055"
    # A commune linked to a professional vanishes from a later COG: kept, marked, link intact.
    ghost = Commune.objects.create(
        insee_code="44999", name="Ancienne commune", search_name="ancienne commune",
        departement="44", cog_type="COM",
    )  # fmt: skip
    activity = ActivityFactory(commune=ghost)
    _result, diff = import_communes(cog, postal)
    assert diff.added == [] and diff.changed == []
    assert diff.vanished == ["44999"]
    ghost.refresh_from_db()
    activity.refresh_from_db()
    assert not ghost.is_current and activity.commune_id == "44999"


def test_import_communes_command_prints_the_diff_and_refuses_a_wrong_file(tmp_path):
    out = StringIO()
    call_command("import_communes", str(shared_file(COG)), stdout=out)
    assert "Communes ajoutées : 9" in out.getvalue()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Mauvais fichier"):
        call_command("import_communes", str(wrong), stdout=StringIO())
    assert Commune.objects.count() == 9


# --- FINESS ---------------------------------------------------------------------------------


def stock_file(tmp_path):
    stock = shared_file("formats/finess_etalab_cs1100502_stock_sample.csv").read_bytes()
    geo = shared_file("formats/finess_etalab_geolocalisation_lines_sample.csv").read_bytes()
    path = tmp_path / "etalab-cs1100502-stock.csv"
    path.write_bytes(stock + geo)
    return path


def test_it_imports_the_etalab_stock_with_lambert93_converted_to_wgs84(tmp_path):
    Commune.objects.create(
        insee_code="01451", name="Viriat", search_name="viriat", departement="01", cog_type="COM"
    )
    result = FinessImporter(stock_file(tmp_path)).run()
    assert (result.rows_read, result.created, result.rejected) == (5, 3, 0)
    fleyriat = Organisation.objects.get(finess="010000024")
    assert fleyriat.finess_ej == "010780054"
    assert fleyriat.commune_id == "01451"
    assert fleyriat.postal_code == "01440"
    assert fleyriat.siret == "26010004500012"
    assert fleyriat.category == "Centre Hospitalier (C.H.)"
    assert 46.1 < fleyriat.latitude < 46.3 and 5.1 < fleyriat.longitude < 5.3
    assert Organisation.objects.get(finess="970302287").commune is None  # Cayenne not loaded


def test_overseas_utm_coordinates_are_converted_and_range_checked():
    lat, lon = Projector().to_wgs84(657242.9, 1795384.4, 5490)  # sample line, Antilles
    assert 15.9 < lat < 16.6 and -61.9 < lon < -61.0
    assert in_france(lat, lon)
    assert not in_france(0.0, 0.0)
    assert insee_code("9A", "127") == "97127"
    assert insee_code("01", "451") == "01451"


def test_it_reads_the_windows_1252_historique_layout(tmp_path):
    original = shared_file("formats/finess_etalab_historique_joined_sample_20201231.csv")
    text = original.read_text(encoding="utf-8").replace("\ufffd", "é")
    path = tmp_path / "historique.csv"
    path.write_bytes(text.encode("cp1252"))
    result = FinessImporter(path).run()
    assert result.created == 3
    fleyriat = Organisation.objects.get(finess="010000024")
    assert 46.1 < fleyriat.latitude < 46.3


def test_it_reads_the_finess_plus_json_flow_with_its_legal_entity():
    result = FinessImporter(shared_file("formats/finess_plus_structures_sample_excerpt.json")).run()
    assert result.created == 2
    ege = Organisation.objects.get(finess="010780195")
    assert (ege.kind, ege.finess_ej, ege.siret) == ("et", "010000156", "77220148900022")
    assert ege.latitude == pytest.approx(46.211257)
    assert Organisation.objects.get(finess="010000156").kind == "ej"


def test_the_stock_is_a_full_snapshot_but_hand_made_organisations_stay(tmp_path):
    gone = OrganisationFactory(source=Source.IMPORT)
    mine = OrganisationFactory(source=Source.MANUAL)
    out = StringIO()
    call_command("import_finess", str(stock_file(tmp_path)), "--no-progress", stdout=out)
    assert "désactivés : 1" in out.getvalue()
    gone.refresh_from_db()
    mine.refresh_from_db()
    assert not gone.is_active and mine.is_active


def test_bad_finess_lines_are_reported_and_wrong_files_refused(tmp_path):
    path = stock_file(tmp_path)
    content = path.read_text(encoding="utf-8").replace(
        "structureet;970100400", "structureet;970100401"
    )
    content = content.replace("26010004500012", "26010004500013")  # SIRET with a wrong key
    content += "structureet;123\n"
    path.write_text(content, encoding="utf-8")
    report = tmp_path / "rejets.csv"
    out = StringIO()
    call_command("import_finess", str(path), "--report", str(report), "--no-progress", stdout=out)
    reasons = [row[2] for row in csv.reader(report.open(encoding="utf-8"), delimiter=";")][1:]
    assert any("clé de contrôle" in r for r in reasons)
    assert any("incomplète" in r for r in reasons)
    assert Organisation.objects.get(finess="010000024").siret == ""
    for content, reason in [
        (b"a|b|c\n", "séparé par"),
        (b"x;y;z\n1;2;3\n", "Mauvais fichier"),
        (b'{"autre": []}', "pmej"),
        (b"{pas du json", "JSON invalide"),
    ]:
        wrong = tmp_path / "wrong"
        wrong.write_bytes(content)
        with pytest.raises(CommandError, match=reason):
            call_command("import_finess", str(wrong), "--no-progress", stdout=StringIO())
