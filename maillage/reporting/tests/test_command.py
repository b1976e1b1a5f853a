"""`manage.py activity_report`: formats, bad input, and the same figures in JSON, XLSX, PDF."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from maillage.reporting.models import CpomTarget
from maillage.reporting.tests.scenario import build

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("activity_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def scenario():
    return build()


def period(slug, fmt, output, *extra):
    return [
        "--network",
        slug,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        fmt,
        "--output",
        str(output),
        *extra,
    ]


def xlsx_values(path) -> dict:
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Section", "Indicateur", "Clé", "Valeur", "Objectif CPOM")
    return {row[2]: row[3] for row in rows[1:] if row[2]}


def test_json_xlsx_and_pdf_show_the_same_figures(scenario, tmp_path):
    slug = scenario.network.slug
    CpomTarget.objects.create(
        network=scenario.network, indicator_key="file_active.patients", year=2026, target=120
    )
    run(*period(slug, "json", tmp_path / "r.json"))
    run(*period(slug, "xlsx", tmp_path / "r.xlsx"))
    run(*period(slug, "pdf", tmp_path / "r.pdf"))
    data = json.loads((tmp_path / "r.json").read_text())
    cells = xlsx_values(tmp_path / "r.xlsx")
    assert data["file_active"]["patients"] == 4
    for key, expected in [
        ("requests.total", data["requests"]["total"]),
        ("file_active.patients", data["file_active"]["patients"]),
        ("enrolments.new", data["enrolments"]["new"]),
        ("delays.first_contact_to_decision.p90_days", "7,6"),
        ("hospital.readmissions_30d", 1),
        ("supportcare.amount_spent", "130"),
        ("training.attendees", 3),
    ]:
        assert cells[key] == str(expected)
    sheet = load_workbook(tmp_path / "r.xlsx").active
    target_row = [r for r in sheet.iter_rows(values_only=True) if r[2] == "file_active.patients"]
    assert target_row[0][4] == "120"
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Patients de la file active" in text
    assert "Méthodes" in text
    assert "120" in text  # the CPOM target beside the figure


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_hidden_small_cells(scenario, tmp_path):
    run(*period(scenario.network.slug, "json", tmp_path / "r.json", "--hide-small-cells"))
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["meta"]["small_cells_hidden"] is True
    assert data["file_active"]["patients"] == "< 10"
    assert data["requests"]["total"] == "< 10"
    assert data["journal"]["minutes"] == 135  # not a count of people
    assert data["patients"]["by_commune"] == [
        {"insee_code": "", "name": "Autres communes", "patients": 4}
    ]
    run(*period(scenario.network.slug, "xlsx", tmp_path / "r.xlsx", "--hide-small-cells"))
    cells = xlsx_values(tmp_path / "r.xlsx")
    assert cells["file_active.patients"] == "< 10"
    assert cells["enrolments.closures_by_reason.death"] == "0"


def test_ars_template_layout(scenario, tmp_path):
    run(*period(scenario.network.slug, "xlsx", tmp_path / "ars.xlsx", "--ars-template", "ara"))
    sheet = load_workbook(tmp_path / "ars.xlsx").active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    assert rows["Code"] == ("Code", "Libellé", "Valeur")
    assert rows["1.1"][2] == "5"
    assert rows["1.4"][2] == "1"  # patient 0 + family 1
    assert rows["2.1"][2] == "4"


def test_unknown_ars_template(scenario, tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        run(*period(scenario.network.slug, "xlsx", tmp_path / "a.xlsx", "--ars-template", "zz"))


def test_platform_report_without_network(scenario, tmp_path):
    run("--from", "2026-01-01", "--to", "2026-12-31", "--output", str(tmp_path / "p.json"))
    data = json.loads((tmp_path / "p.json").read_text())
    assert len(data["meta"]["networks"]) == 2
    assert data["requests"]["total"] == 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-12-31", "--to", "2026-01-01"], "précède le début"),
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from"),
        (["--network", "inconnu", "--from", "2026-01-01", "--to", "2026-12-31"], "aucun réseau"),
        (
            ["--thematic", "zz", "--from", "2026-01-01", "--to", "2026-12-31"],
            "aucune thématique",
        ),
    ],
)
def test_bad_input_is_a_french_message(db, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()


def test_empty_period_gives_an_empty_report_that_says_so(network, tmp_path):
    _out, err = run(*period(network.slug, "json", tmp_path / "e.json"))
    assert "Aucune activité enregistrée" in err
    assert json.loads((tmp_path / "e.json").read_text())["meta"]["empty"] is True
