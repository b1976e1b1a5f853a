"""Import of the communes: INSEE COG communes CSV, then La Poste's "base officielle des codes
postaux" (with or without `coordonnees_gps`).

Idempotent and diff-based: it compares the files with the table and reports what was added,
changed and what vanished. A vanished commune is kept with `is_current=False` (activities,
coverage and patients linked to it keep their link); nothing is ever deleted.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from maillage.core.models import CogType, Commune, CommunePostalCode
from maillage.core.text import normalise
from maillage.directory.imports.base import (
    DryRunRollback,
    FileRefused,
    ImportResult,
    RejectReport,
    check_last_line_complete,
    decoded_lines,
    detect_encoding,
    first_code,
)

COG_REQUIRED = {"TYPECOM", "COM", "REG", "DEP", "LIBELLE", "COMPARENT"}
FIELDS = ["name", "search_name", "other_names", "departement", "region", "cog_type", "is_current"]


FIELD_LABELS = {
    "name": "nom",
    "departement": "département",
    "region": "région",
    "cog_type": "type COG",
    "is_current": "présente dans le COG",
    "parent_id": "commune de rattachement",
    "other_names": "noms des communes déléguées",
}


@dataclass
class CommuneDiff:
    """What an import changed, commune by commune (codes, with names and details kept for the
    printed report and the --diff file)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    postal_codes_added: int = 0
    postal_codes_removed: int = 0
    names: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)

    def label(self, code: str) -> str:
        return f"{self.names.get(code, '?')} ({code})"

    def rows(self):
        """(change, INSEE code, name, detail) for every commune added, changed or vanished."""
        for kind, codes in (
            ("ajoutée", self.added),
            ("modifiée", self.changed),
            ("disparue", self.vanished),
        ):
            for code in codes:
                yield kind, code, self.names.get(code, ""), self.details.get(code, "")

    def write_csv(self, path: str | Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["changement", "code_insee", "nom", "detail"])
            writer.writerows(self.rows())


def _describe(commune: Commune, values: dict, changed: list[str]) -> str:
    parts = []
    for name in changed:
        if name in ("latitude", "longitude", "search_name"):
            continue
        before = getattr(commune, name)
        after = values[name]
        if isinstance(before, bool):
            before, after = ("oui" if before else "non"), ("oui" if after else "non")
        parts.append(f"{FIELD_LABELS.get(name, name)} : {before or '—'} → {after or '—'}")
    if "latitude" in changed:
        parts.append("coordonnées du centre")
    return " ; ".join(parts)


def _open_csv(path: Path, delimiter: str, required: set[str], what: str, report: RejectReport):
    """Checks the file (complete last line, separator, header) and returns its data rows as
    (line number, row dict); lines with undecodable bytes or the wrong field count go to the
    report, the rest is read."""
    check_last_line_complete(path, what)
    encoding = detect_encoding(path)
    with path.open("rb") as handle:
        first = handle.readline().decode(encoding, errors="replace").lstrip("\ufeff")
    if delimiter not in first:
        raise FileRefused(f"Mauvais fichier : {what} attendu, séparé par « {delimiter} ».")
    header = [h.strip() for h in next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter))]
    missing = required - set(header)
    if missing:
        raise FileRefused(
            f"Mauvais fichier : {what} attendu (colonnes absentes : {', '.join(sorted(missing))})."
        )
    return _rows(path, encoding, header, delimiter, report)


def _rows(path: Path, encoding: str, header: list[str], delimiter: str, report: RejectReport):
    for line_no, text in decoded_lines(path, encoding, report):
        if line_no == 1 or not text.strip():
            continue
        fields = next(csv.reader([text], delimiter=delimiter))
        if len(fields) != len(header):
            report.reject(
                line_no,
                first_code(text.encode()),
                f"{len(fields)} champs au lieu de {len(header)} (ligne coupée ou décalée)",
            )
            continue
        yield line_no, dict(zip(header, fields, strict=True))


def read_cog(path: Path, report: RejectReport) -> tuple[dict[str, dict], int]:
    reader = _open_csv(path, ",", COG_REQUIRED, "fichier des communes du COG (INSEE)", report)
    wanted: dict[str, dict] = {}
    folded: dict[str, list[str]] = defaultdict(list)
    rows = 0
    for line_no, row in reader:
        rows += 1
        code, kind = (row.get("COM") or "").strip(), (row.get("TYPECOM") or "").strip()
        name = (row.get("LIBELLE") or "").strip()
        if len(code) != 5 or kind not in CogType.values or not name:
            report.reject(line_no, code, "ligne COG incomplète (TYPECOM, COM ou LIBELLE)")
            continue
        parent = (row.get("COMPARENT") or "").strip()
        values = {
            "name": name,
            "search_name": normalise(name),
            "other_names": "",
            "departement": (row.get("DEP") or "").strip(),
            "region": (row.get("REG") or "").strip(),
            "cog_type": kind,
            "is_current": True,
            "parent_id": parent or None,
        }
        if kind != CogType.COM and parent == code:
            folded[code].append(values)
            continue
        wanted[code] = values
    for code, delegated in folded.items():
        if code in wanted:
            names = {r["search_name"] for r in delegated}
            wanted[code]["other_names"] = " | ".join(sorted(names))[:500]
        else:  # the commune nouvelle itself is missing: keep the delegated commune
            wanted[code] = delegated[0] | {"parent_id": None}
    for values in wanted.values():
        parent = wanted.get(values["parent_id"] or "")
        if values["parent_id"] and parent is None:
            values["parent_id"] = None
        if parent and not values["departement"]:
            values["departement"], values["region"] = parent["departement"], parent["region"]
    return wanted, rows


def read_postal(path: Path, known: set[str], report: RejectReport):
    reader = _open_csv(
        path,
        ";",
        {"Code_commune_INSEE", "Code_postal"},
        "base officielle des codes postaux (La Poste)",
        report,
    )
    codes: dict[str, set[str]] = defaultdict(set)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    rows = 0
    for line_no, row in reader:
        rows += 1
        insee = (row.get("Code_commune_INSEE") or "").strip()
        postal = (row.get("Code_postal") or "").strip()
        if not (len(postal) == 5 and postal.isdigit()):
            report.reject(line_no, insee, f"code postal invalide « {postal[:10]} »")
            continue
        if insee not in known:
            report.reject(line_no, insee, "code commune inconnu du COG")
            continue
        codes[insee].add(postal)
        gps = (row.get("coordonnees_gps") or "").strip()
        if gps:
            try:
                lat, lon = (float(x) for x in gps.split(","))
            except ValueError:
                report.reject(line_no, insee, "coordonnées GPS illisibles")
                continue
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                points[insee].append((lat, lon))
            else:
                report.reject(line_no, insee, "coordonnées GPS hors limites")
    centres = {
        code: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        for code, pts in points.items()
    }
    return codes, centres, rows, bool(points)


def _fill_missing_centres(wanted: dict[str, dict], centres: dict[str, tuple]) -> None:
    """A commune nouvelle absent from La Poste's file takes the mean of its delegated communes;
    a delegated commune or an arrondissement without a point takes its parent's."""
    children: dict[str, list[tuple]] = defaultdict(list)
    for code, values in wanted.items():
        if values["parent_id"] and code in centres:
            children[values["parent_id"]].append(centres[code])
    for code, pts in children.items():
        if code not in centres:
            centres[code] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    for code, values in wanted.items():
        if code not in centres and values["parent_id"] in centres:
            centres[code] = centres[values["parent_id"]]


def import_communes(
    cog_path: str | Path | None,
    postal_path: str | Path | None = None,
    *,
    dry_run: bool = False,
    report: str | Path | None = None,
) -> tuple[ImportResult, CommuneDiff]:
    started = time.monotonic()
    result = ImportResult(dry_run=dry_run)
    diff = CommuneDiff()
    rejects = RejectReport(report)
    try:
        existing = {c.insee_code: c for c in Commune.objects.all()}
        if cog_path:
            wanted, result.rows_read = read_cog(Path(cog_path), rejects)
        else:
            if not existing:
                raise FileRefused("Importez d'abord le fichier des communes du COG.")
            wanted = {
                c.insee_code: {f: getattr(c, f) for f in FIELDS} | {"parent_id": c.parent_id}
                for c in existing.values()
            }
        postal = centres = None
        has_gps = False
        if postal_path:
            postal, centres, rows, has_gps = read_postal(Path(postal_path), set(wanted), rejects)
            result.rows_read += rows
            _fill_missing_centres(wanted, centres)
        try:
            with transaction.atomic():
                _apply(existing, wanted, postal, centres if has_gps else None, diff, bool(cog_path))
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            pass
    finally:
        rejects.close()
    result.created, result.updated = len(diff.added), len(diff.changed)
    result.deactivated, result.rejected = len(diff.vanished), rejects.count
    result.samples = rejects.samples
    result.seconds = time.monotonic() - started
    result.extra = {
        "codes postaux ajoutés": diff.postal_codes_added,
        "codes postaux retirés": diff.postal_codes_removed,
    }
    return result, diff


def _apply(existing, wanted, postal, centres, diff: CommuneDiff, full_cog: bool) -> None:
    to_create, to_update = [], []
    for code, values in wanted.items():
        lat, lon = centres.get(code, (None, None)) if centres is not None else (None, None)
        commune = existing.get(code)
        if commune is None:
            commune = Commune(
                insee_code=code, parent_id=values["parent_id"], **{f: values[f] for f in FIELDS}
            )
            commune.latitude, commune.longitude = lat, lon
            to_create.append(commune)
            diff.added.append(code)
            diff.names[code] = values["name"]
            continue
        changed = [f for f in FIELDS if getattr(commune, f) != values[f]]
        if commune.parent_id != values["parent_id"]:
            changed.append("parent_id")
        description = _describe(commune, values | {"parent_id": values["parent_id"]}, changed)
        if (
            centres is not None
            and code in centres
            and (
                commune.latitude is None
                or abs(commune.latitude - lat) > 1e-6
                or abs(commune.longitude - lon) > 1e-6
            )
        ):
            commune.latitude, commune.longitude = lat, lon
            changed += ["latitude", "longitude"]
            description = " ; ".join(p for p in (description, "coordonnées du centre") if p)
        if changed:
            diff.names[code] = values["name"]
            diff.details[code] = description
            for f in FIELDS:
                setattr(commune, f, values[f])
            commune.parent_id = values["parent_id"]
            to_update.append(commune)
            diff.changed.append(code)
    if full_cog:
        for code, commune in existing.items():
            if code not in wanted and commune.is_current:
                commune.is_current = False
                to_update.append(commune)
                diff.names[code] = commune.name
                diff.details[code] = "absente du COG : conservée, marquée non courante"
                diff.vanished.append(code)
    parents = {c.insee_code: c.parent_id for c in to_create}
    for commune in to_create:
        commune.parent_id = None
    Commune.objects.bulk_create(to_create, batch_size=2000)
    for commune in to_create:
        if parents[commune.insee_code]:
            commune.parent_id = parents[commune.insee_code]
            to_update.append(commune)
    Commune.objects.bulk_update(
        to_update, [*FIELDS, "parent", "latitude", "longitude"], batch_size=2000
    )
    if postal is not None:
        _apply_postal_codes(postal, diff)


def _apply_postal_codes(postal: dict[str, set[str]], diff: CommuneDiff) -> None:
    current: dict[str, set[str]] = defaultdict(set)
    ids: dict[tuple[str, str], int] = {}
    for pk, commune_id, code in CommunePostalCode.objects.values_list("pk", "commune_id", "code"):
        current[commune_id].add(code)
        ids[(commune_id, code)] = pk
    new, gone = [], []
    for commune_id, codes in postal.items():
        new += [
            CommunePostalCode(commune_id=commune_id, code=c) for c in codes - current[commune_id]
        ]
    for commune_id, codes in current.items():
        if commune_id in postal:
            gone += [ids[(commune_id, c)] for c in codes - postal[commune_id]]
    CommunePostalCode.objects.bulk_create(new, batch_size=5000)
    for start in range(0, len(gone), 5000):
        CommunePostalCode.objects.filter(pk__in=gone[start : start + 5000]).delete()
    diff.postal_codes_added, diff.postal_codes_removed = len(new), len(gone)
