"""File builders for the exports register. Spreadsheet formulas are neutralised here, once.

Each builder returns bytes (and the row count for tabular formats) to hand to
`maillage.exports.services.deliver()`: CSV, XLSX, vCard (directory fields only), iCalendar,
FHIR JSON. PDFs: `maillage.exports.pdf.render_pdf`.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> tuple[bytes, int]:
    """CSV for French spreadsheets: UTF-8 with BOM, semicolons. Returns (bytes, row count)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise_cell(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


# XLSX --------------------------------------------------------------------------------------------


def _xlsx_text(value) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = "" if value is None else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Export"
) -> tuple[bytes, int]:
    """XLSX where every cell is text (type "s"): a spreadsheet never runs a formula from it,
    even a cell starting with "=", and cells starting like a formula also keep Excel's "quote
    prefix" so that editing them does not turn them into one. Returns (bytes, row count)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    title = re.sub(r"[\[\]:*?/\\]", " ", sheet_title).strip()[:31] or "Export"
    sheet = workbook.create_sheet(title=title)

    def cells(values, bold: bool = False):
        out = []
        for value in values:
            text = _xlsx_text(value)
            cell = WriteOnlyCell(sheet)
            cell.value = text
            cell.data_type = "s"  # openpyxl would take "=…" for a formula
            if text.startswith(_FORMULA_STARTS):
                cell.quotePrefix = True
            if bold:
                cell.font = Font(bold=True)
            out.append(cell)
        return out

    sheet.append(cells(header, bold=True))
    count = 0
    for row in rows:
        sheet.append(cells(row))
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


# vCard and iCalendar (RFC 6350, RFC 5545): escaped text, lines folded at 75 octets, CRLF --------


def _escape_text(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Folds a content line at 75 octets without splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _lines_bytes(lines: list[str]) -> bytes:
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


@dataclass(frozen=True)
class DirectoryContact:
    """What a vCard may carry: directory fields of a professional or a structure, nothing about
    a patient."""

    family_name: str
    given_name: str = ""
    civility: str = ""
    organisation: str = ""
    profession: str = ""
    phones: tuple[str, ...] = ()
    email: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    rpps: str = ""
    uid: str = ""


def vcard_bytes(contacts: Iterable[DirectoryContact]) -> tuple[bytes, int]:
    lines: list[str] = []
    count = 0
    for c in contacts:
        full_name = " ".join(p for p in (c.civility, c.given_name, c.family_name) if p)
        lines += ["BEGIN:VCARD", "VERSION:4.0"]
        if c.uid:
            lines.append(f"UID:urn:uuid:{_escape_text(c.uid)}")
        lines.append(f"FN:{_escape_text(full_name or c.organisation)}")
        name_parts = (c.family_name, c.given_name, "", c.civility, "")
        lines.append("N:" + ";".join(_escape_text(p) for p in name_parts))
        if c.organisation:
            lines.append(f"ORG:{_escape_text(c.organisation)}")
        if c.profession:
            lines.append(f"TITLE:{_escape_text(c.profession)}")
        lines += [f"TEL;TYPE=work;VALUE=uri:tel:{re.sub(r'[^0-9+]', '', p)}" for p in c.phones]
        if c.email:
            lines.append(f"EMAIL;TYPE=work:{_escape_text(c.email)}")
        if c.street or c.city:
            parts = ("", "", c.street, c.city, "", c.postal_code, "France")
            lines.append("ADR;TYPE=work:" + ";".join(_escape_text(p) for p in parts))
        if c.rpps:
            lines.append(f"NOTE:RPPS {_escape_text(c.rpps)}")
        lines.append("END:VCARD")
        count += 1
    return _lines_bytes(lines), count


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Calendar events need aware datetimes.")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_bytes(
    events: Iterable[CalendarEvent], *, calendar_name: str = "Maillage"
) -> tuple[bytes, int]:
    stamp = _utc(datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maillage//Coordination//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape_text(calendar_name)}",
    ]
    count = 0
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_escape_text(event.uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(event.start)}",
            f"DTEND:{_utc(event.end)}",
            f"SUMMARY:{_escape_text(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{_escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{_escape_text(event.description)}")
        lines.append("END:VEVENT")
        count += 1
    lines.append("END:VCALENDAR")
    return _lines_bytes(lines), count


# FHIR (JSON) ------------------------------------------------------------------------------------


def fhir_json_bytes(resource) -> bytes:
    """One FHIR resource (a fhir.resources model, validated on construction) as JSON."""
    return resource.model_dump_json(exclude_none=True).encode("utf-8")


def fhir_bundle_bytes(resources: Iterable, *, bundle_type: str = "collection") -> tuple[bytes, int]:
    from fhir.resources.bundle import Bundle

    entries = [{"resource": resource} for resource in resources]
    bundle = Bundle(
        type=bundle_type,
        timestamp=datetime.now(UTC).isoformat(timespec="seconds"),
        entry=entries or None,
    )
    return fhir_json_bytes(bundle), len(entries)
