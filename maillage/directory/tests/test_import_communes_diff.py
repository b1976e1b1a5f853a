"""import_communes on generated COG versions: the diff report (added, changed, vanished, with
names and what changed), records linked to a vanished commune kept, COG types and parents, and
bad files (undecodable bytes, cut lines, truncated file, dry run)."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from maillage.core.models import Commune
from maillage.directory.imports.communes import import_communes
from maillage.directory.models import ImportRun, Organisation
from maillage.directory.tests.data import shared_file
from maillage.directory.tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    ResourceFactory,
)
from maillage.intake.tests.factories import SupportRequestFactory
from maillage.networks.models import Coverage
from maillage.networks.selectors import networks_covering
from maillage.networks.tests.factories import ThematicFactory

pytestmark = pytest.mark.django_db

# Real lines of the INSEE COG 2022 (a COMA and its parent, a commune nouvelle and its COMD).
EXTRA_LINES = [
    "COM,01262,84,01,01D,012,0,MONTLUEL,Montluel,Montluel,0112,",
    "COMA,01120,,,,,0,CORDIEUX,Cordieux,Cordieux,,01262",
    "COM,01033,84,01,01D,014,0,VALSERHONE,Valserhône,Valserhône,0103,",
    "COMD,01033,,,,,0,BELLEGARDE SUR VALSERINE,Bellegarde-sur-Valserine,"
    "Bellegarde-sur-Valserine,,01033",
]


def cog_v1(tmp_path):
    sample = shared_file("formats/insee_cog_commune_2022_sample.csv").read_text(encoding="utf-8")
    path = tmp_path / "commune_2022.csv"
    path.write_text(sample + "\n".join(EXTRA_LINES) + "\n", encoding="utf-8")
    return path


def cog_v2(tmp_path, v1):
    """The next year's file: Ajaccio renamed, Les Abymes gone, a new commune."""
    text = v1.read_text(encoding="utf-8")
    text = text.replace(",Ajaccio,Ajaccio,2A98,", ",Ajaccio,Ajaccio-Nouvelle,2A98,")
    text = "\n".join(line for line in text.splitlines() if ",97101," not in line) + "\n"
    text += "COM,01999,84,01,01D,012,0,NOUVELLE COMMUNE,Nouvelle-Commune,Nouvelle-Commune,0108,\n"
    path = tmp_path / "commune_2023.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_cog_types_and_parent_communes_are_kept(tmp_path):
    import_communes(cog_v1(tmp_path))
    cordieux = Commune.objects.get(insee_code="01120")
    assert (cordieux.cog_type, cordieux.parent_id, cordieux.departement) == ("COMA", "01262", "01")
    assert Commune.objects.get(insee_code="75101").parent_id == "75056"
    valserhone = Commune.objects.get(insee_code="01033")
    assert valserhone.cog_type == "COM" and "bellegarde sur valserine" in valserhone.other_names


def test_the_diff_names_what_was_added_changed_and_vanished_and_keeps_linked_records(
    tmp_path, network
):
    v1 = cog_v1(tmp_path)
    call_command("import_communes", str(v1), stdout=StringIO())
    abymes = Commune.objects.get(insee_code="97101")
    onco = ThematicFactory(code="cancerologie")
    coverage = Coverage.objects.create(network=network, thematic=onco, commune=abymes)
    activity = ActivityFactory(commune=abymes)
    organisation = OrganisationFactory(commune=abymes)
    resource = ResourceFactory(network=network)
    resource.area.add(abymes)
    request = SupportRequestFactory(network=network, person_commune=abymes)

    out = StringIO()
    diff_file = tmp_path / "diff.csv"
    call_command("import_communes", str(cog_v2(tmp_path, v1)), "--diff", str(diff_file), stdout=out)
    printed = out.getvalue()
    assert "Communes ajoutées : 1 (Nouvelle-Commune (01999))" in printed
    assert "Communes modifiées : 1 (Ajaccio-Nouvelle (2A004))" in printed
    assert "nom : Ajaccio → Ajaccio-Nouvelle" in printed
    assert "Communes disparues du COG (conservées, marquées non courantes) : 1" in printed
    assert "Les Abymes (97101)" in printed
    assert "communes ajoutées : 1, modifiées : 1, disparues : 1" in printed
    rows = list(csv.reader(diff_file.open(encoding="utf-8"), delimiter=";"))
    assert rows[0] == ["changement", "code_insee", "nom", "detail"]
    assert rows[3][:3] == ["disparue", "97101", "Les Abymes"]
    assert {r[0] for r in rows[1:]} == {"ajoutée", "modifiée", "disparue"}

    abymes.refresh_from_db()
    assert not abymes.is_current and abymes.name == "Les Abymes"
    for obj in (coverage, activity, organisation):
        obj.refresh_from_db()
        assert obj.commune_id == "97101"
    request.refresh_from_db()
    assert request.person_commune_id == "97101"
    assert list(resource.area.values_list("insee_code", flat=True)) == ["97101"]
    assert network in networks_covering("97101", "cancerologie")
    assert Organisation.objects.filter(pk=organisation.pk).exists()

    again = StringIO()
    call_command("import_communes", str(cog_v2(tmp_path, v1)), stdout=again)
    assert "communes ajoutées : 0, modifiées : 0, disparues : 0" in again.getvalue()
    runs = ImportRun.objects.filter(kind="communes").order_by("started_at")
    assert [(r.created, r.updated, r.deactivated, r.outcome) for r in runs] == [
        (12, 0, 0, "done"),
        (1, 1, 1, "done"),
        (0, 0, 0, "done"),
    ]


def test_a_returning_commune_is_current_again(tmp_path):
    v1 = cog_v1(tmp_path)
    import_communes(v1)
    import_communes(cog_v2(tmp_path, v1))
    assert not Commune.objects.get(insee_code="97101").is_current
    _result, diff = import_communes(v1)
    assert "97101" in diff.changed
    assert "présente dans le COG : non → oui" in diff.details["97101"]
    assert Commune.objects.get(insee_code="97101").is_current


def test_undecodable_bytes_and_cut_lines_are_reported_the_rest_is_imported(tmp_path):
    v1 = cog_v1(tmp_path)
    lines = v1.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"Varey", b"Var\xe9y")  # one Windows-1252 byte in UTF-8
    lines[3] = b"COM,01004,84,01\n"  # a line cut short
    path = tmp_path / "damaged.csv"
    path.write_bytes(b"".join(lines))
    report = tmp_path / "rejets.csv"
    out = StringIO()
    call_command("import_communes", str(path), "--report", str(report), stdout=out)
    rows = list(csv.reader(report.open(encoding="utf-8"), delimiter=";"))[1:]
    assert ["3", "01002", "octets illisibles en UTF-8 (encodage)"] in rows
    assert any(r[0] == "4" and "champs au lieu de 12" in r[2] for r in rows)
    assert "rejetés : 2" in out.getvalue()
    # The file stays read as UTF-8: accents of the other lines are intact.
    assert Commune.objects.get(insee_code="01001").name == "L'Abergement-Clémenciat"
    assert not Commune.objects.filter(insee_code__in=["01002", "01004"]).exists()
    assert Commune.objects.count() == 10  # 12 in the file, 2 rejected


def test_a_whole_windows_1252_file_is_read(tmp_path):
    v1 = cog_v1(tmp_path)
    path = tmp_path / "cp1252.csv"
    path.write_bytes(v1.read_text(encoding="utf-8").encode("cp1252"))
    import_communes(path)
    assert Commune.objects.get(insee_code="01004").name == "Ambérieu-en-Bugey"


def test_a_truncated_file_or_a_wrong_postal_file_changes_nothing(tmp_path):
    v1 = cog_v1(tmp_path)
    import_communes(v1)
    before = list(Commune.objects.values_list("insee_code", "name", "is_current"))
    truncated = tmp_path / "truncated.csv"
    truncated.write_bytes(cog_v2(tmp_path, v1).read_bytes()[:-40])
    with pytest.raises(CommandError, match="Fichier tronqué"):
        call_command("import_communes", str(truncated), stdout=StringIO())
    with pytest.raises(CommandError, match="base officielle des codes postaux"):
        call_command("import_communes", "--codes-postaux", str(v1), stdout=StringIO())
    assert list(Commune.objects.values_list("insee_code", "name", "is_current")) == before
    assert list(ImportRun.objects.values_list("outcome", flat=True)) == ["refused", "refused"]


def test_a_dry_run_reports_the_diff_and_saves_nothing(tmp_path):
    v1 = cog_v1(tmp_path)
    import_communes(v1)
    out = StringIO()
    call_command("import_communes", str(cog_v2(tmp_path, v1)), "--dry-run", stdout=out)
    assert "Simulation (--dry-run)" in out.getvalue()
    assert "Communes disparues" in out.getvalue()
    assert Commune.objects.get(insee_code="97101").is_current
    assert not Commune.objects.filter(insee_code="01999").exists()


def test_la_poste_with_gps_sets_the_centre_and_reports_unknown_communes(tmp_path):
    import_communes(cog_v1(tmp_path))
    report = tmp_path / "rejets.csv"
    result, _diff = import_communes(
        None, shared_file("formats/laposte_hexasmal_2020_with_gps_sample.csv"), report=report
    )
    bastia = Commune.objects.get(insee_code="2B033")
    assert bastia.postal_code_list == ["20200"]
    assert 42.6 < bastia.latitude < 42.8 and 9.3 < bastia.longitude < 9.5
    # The 5 Manche communes of the sample are not in this COG: reported, not imported.
    assert result.rejected == 5
    assert "code commune inconnu du COG" in report.read_text(encoding="utf-8")
