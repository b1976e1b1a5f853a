"""One report, several formats: JSON (the indicators dict), XLSX (the report's tables), PDF (the
annual activity report) and the XLSX of a regional ARS template. The page, the downloads and
`manage.py activity_report` all go through here, so their figures are the same."""

from __future__ import annotations

import datetime
import json
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from maillage.reporting.charts import bar_chart
from maillage.reporting.indicators import compute_indicators
from maillage.reporting.tables import (
    SMALL_CELL_TEXT,
    SMALL_CELL_THRESHOLD,
    display,
    flat_rows,
    lookup,
    report_sections,
)

FORMATS = ("json", "xlsx", "pdf")
ARS_TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_ars"


class ArsTemplateError(ValueError):
    pass


@dataclass
class Report:
    networks: list
    start: datetime.date
    end: datetime.date
    data: dict
    mask_small: bool = False
    targets: dict | None = None
    previous: dict | None = None

    @property
    def title(self) -> str:
        if len(self.networks) == 1:
            return self.networks[0].name
        return f"Plateforme ({len(self.networks)} réseaux)"

    def sections(self):
        return report_sections(
            self.data, mask_small=self.mask_small, targets=self.targets, previous=self.previous
        )


def targets_for(networks, start: datetime.date, end: datetime.date) -> dict:
    """CPOM targets {indicator key: value} of a one-network report within one calendar year."""
    from maillage.reporting.models import CpomTarget

    networks = list(networks)
    if len(networks) != 1 or start.year != end.year:
        return {}
    rows = CpomTarget.objects.filter(network=networks[0], year=start.year).values_list(
        "indicator_key", "target"
    )
    return {key: _plain(value) for key, value in rows}


def _plain(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def build_report(networks, start, end, *, thematic=None, mask_small=False, compare=False) -> Report:
    networks = list(networks)
    data = compute_indicators(networks=networks, start=start, end=end, thematic=thematic)
    previous = None
    if compare:
        previous = compute_indicators(
            networks=networks,
            start=_shift_year(start),
            end=_shift_year(end),
            thematic=thematic,
        )
    return Report(
        networks=networks,
        start=start,
        end=end,
        data=data,
        mask_small=mask_small,
        targets=targets_for(networks, start, end),
        previous=previous,
    )


def _shift_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def masked_data(data: dict) -> dict:
    """The JSON dict for publication beyond the ARS: every count of people between 1 and 9 in
    the people sections becomes "< 10" (same rule as the tables)."""
    from maillage.reporting.tables import build_sections

    people_keys = {r.key for s in build_sections(data) for r in s.rows if r.key and r.people}
    out = json.loads(json.dumps(data))

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                dotted = f"{path}.{key}" if path else key
                if isinstance(value, int) and not isinstance(value, bool):
                    if dotted in people_keys and 0 < value < SMALL_CELL_THRESHOLD:
                        node[key] = SMALL_CELL_TEXT
                else:
                    walk(value, dotted)

    walk(out, "")
    for row in out["file_active"]["by_coordinator"]:
        if 0 < row["patients"] < SMALL_CELL_THRESHOLD:
            row["patients"] = SMALL_CELL_TEXT
    communes = out["patients"]["by_commune"]
    small = sum(c["patients"] for c in communes if c["patients"] < SMALL_CELL_THRESHOLD)
    out["patients"]["by_commune"] = [c for c in communes if c["patients"] >= SMALL_CELL_THRESHOLD]
    if small:
        out["patients"]["by_commune"].append(
            {"insee_code": "", "name": "Autres communes", "patients": small}
        )
    out["meta"]["small_cells_hidden"] = True
    return out


def json_bytes(report: Report) -> tuple[bytes, int]:
    data = masked_data(report.data) if report.mask_small else report.data
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), 1


def xlsx_report_bytes(report: Report) -> tuple[bytes, int]:
    from maillage.exports.formats import xlsx_bytes

    header = ["Section", "Indicateur", "Clé", "Valeur", "Objectif CPOM"]
    return xlsx_bytes(header, flat_rows(report.sections()), sheet_title="Rapport d'activité")


def charts_for(sections) -> dict:
    charts = {}
    for section in sections:
        if section.chart == "bars" and section.rows:
            charts[section.key] = bar_chart(
                section.title,
                [(row.label, row.value, row.previous) for row in section.rows],
                uid=section.key,
            )
    return charts


def chart_value(value):
    """The number behind a display value ("1 234" stays text; "12" → 12) for the charts."""
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return value
    return value


def pdf_bytes(report: Report, *, stamp_user) -> tuple[bytes, int]:
    from maillage.exports.pdf import render_pdf

    sections = report.sections()
    for section in sections:
        for row in section.rows:
            row.chart_value = chart_value(row.value)
    charts = {}
    for section in sections:
        if section.chart == "bars" and section.rows:
            charts[section.key] = bar_chart(
                section.title,
                [
                    (row.label, chart_value(row.value), chart_value(row.previous))
                    for row in section.rows
                ],
                uid=section.key,
            )
    rows = {row.key: row for section in sections for row in section.rows if row.key}
    summary = [(label, key, rows[key].value) for label, key, _v in summary_figures(report.data)]
    context = {
        "report": report,
        "sections": sections,
        "charts": charts,
        "summary": summary,
        "mask_small": report.mask_small,
    }
    content = render_pdf("reporting/report_pdf.html", context, stamp_user=stamp_user)
    return content, sum(len(s.rows) for s in sections)


def summary_figures(data: dict) -> list[tuple[str, str, object]]:
    """The key figures (label, key, value) of the summary and the page's tiles."""
    keys = [
        ("Demandes reçues", "requests.total"),
        ("File active", "file_active.patients"),
        ("Nouvelles inclusions", "enrolments.new"),
        ("Clôtures", "enrolments.closed"),
        (
            "Délai médian demande → premier contact (j)",
            "delays.request_to_first_contact.median_days",
        ),
        ("PPS validés", "pps.validated_versions"),
        ("Réhospitalisations à 30 jours", "hospital.readmissions_30d"),
        ("Participant·es aux formations", "training.attendees"),
    ]
    return [(label, key, lookup(data, key)) for label, key in keys]


def load_ars_template(region: str) -> dict:
    """The mapping of a regional ARS template (`templates_ars/<region>.toml`), checked."""
    if not region.replace("_", "").replace("-", "").isalnum():
        raise ArsTemplateError(f"Modèle ARS « {region} » : nom invalide.")
    path = ARS_TEMPLATES_DIR / f"{region}.toml"
    if not path.is_file():
        raise ArsTemplateError(f"Modèle ARS « {region} » introuvable ({path.name}).")
    try:
        mapping = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ArsTemplateError(f"Modèle ARS « {region} » illisible : {exc}.") from exc
    rows = mapping.get("rows") or []
    if not rows:
        raise ArsTemplateError(f"Modèle ARS « {region} » : aucune ligne.")
    for number, row in enumerate(rows, start=1):
        if not row.get("label") or not row.get("key"):
            raise ArsTemplateError(
                f"Modèle ARS « {region} », ligne {number} : « label » et « key » sont requis."
            )
    return mapping


def ars_templates() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ARS_TEMPLATES_DIR.glob("*.toml")):
        try:
            mapping = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError:
            continue
        found.append((path.stem, mapping.get("template", {}).get("title", path.stem)))
    return found


def ars_rows(report: Report, region: str) -> list[list[str]]:
    """[code, label, value] per template row; a row mapped to several keys is their sum. Masked
    like the tables when `report.mask_small`."""
    from maillage.reporting.tables import Row, build_sections, masked

    mapping = load_ars_template(region)
    people_keys = {r.key for s in build_sections(report.data) for r in s.rows if r.key and r.people}
    out = []
    for row in mapping["rows"]:
        keys = row["key"] if isinstance(row["key"], list) else [row["key"]]
        values = [lookup(report.data, key) for key in keys]
        if any(not isinstance(v, int | float) for v in values):
            value = None
        else:
            value = values[0] if len(values) == 1 else sum(values)
        people = any(k in people_keys for k in keys)
        out.append(
            [
                row.get("code", ""),
                row["label"],
                masked(Row("", "", value, people), value, report.mask_small),
            ]
        )
    return out


def ars_xlsx_bytes(report: Report, region: str) -> tuple[bytes, int]:
    from maillage.exports.formats import xlsx_bytes

    mapping = load_ars_template(region)
    sheet = mapping.get("template", {}).get("sheet", "ARS")
    return xlsx_bytes(["Code", "Libellé", "Valeur"], ars_rows(report, region), sheet_title=sheet)


def render(report: Report, fmt: str, *, stamp_user=None, ars_template: str = "") -> bytes:
    if ars_template:
        return ars_xlsx_bytes(report, ars_template)[0]
    if fmt == "json":
        return json_bytes(report)[0]
    if fmt == "xlsx":
        return xlsx_report_bytes(report)[0]
    if fmt == "pdf":
        return pdf_bytes(report, stamp_user=stamp_user)[0]
    raise ValueError(fmt)


__all__ = ["FORMATS", "Report", "build_report", "charts_for", "display", "render"]
