"""Import of FINESS establishments into `Organisation`.

Three layouts, recognised from the file's start:
- the etalab "stock" extract (`finess;etalab;…` comment line, then `structureet` lines and
  `geolocalisation` lines joined on the FINESS ET number; coordinates in Lambert-93 or in the
  overseas UTM projections named in the line);
- the yearly "historique" joined layout (a header row `nofinesset;nofinessej;…;coordx;coordy`);
- the FINESS+ JSON flow (`{"pmej": [...]}`: legal entities with their établissements, WGS84).
Windows-1252 or UTF-8 is detected. Coordinates are converted to WGS84 with pyproj and
range-checked (outside France's territories: dropped and reported).
The stock extract is a full snapshot: imported organisations absent from it are marked inactive
(never with `--departement`, never hand-made ones).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from stdnum.fr import siret

from maillage.core.identifiers import finess_is_valid
from maillage.core.models import Commune
from maillage.core.text import normalise
from maillage.directory.imports.base import (
    DryRunRollback,
    FileRefused,
    ImportResult,
    Progress,
    RejectReport,
    check_last_line_complete,
    decoded_lines,
    detect_encoding,
)
from maillage.directory.models import FinessKind, Organisation, Source

# FINESS département codes of the overseas départements -> INSEE prefix.
OVERSEAS = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976"}
# Projection used when the line does not name one, by INSEE département.
DEFAULT_EPSG = {"971": 5490, "972": 5490, "973": 2972, "974": 2975, "975": 4467, "976": 4471}
# Territories' bounding boxes (lat_min, lat_max, lon_min, lon_max): mainland + Corsica, overseas.
FRANCE_BOXES = [
    (41.0, 51.5, -5.8, 10.0),
    (15.6, 18.2, -63.3, -60.7),  # Antilles, Saint-Martin, Saint-Barthélemy
    (2.0, 6.0, -54.8, -51.0),  # Guyane
    (-21.6, -20.7, 55.0, 56.0),  # La Réunion
    (-13.2, -12.5, 44.8, 45.5),  # Mayotte
    (46.7, 47.2, -56.6, -56.0),  # Saint-Pierre-et-Miquelon
]
_EPSG = re.compile(r"EPSG:(\d{4,5})")
# structureet columns of the stock extract (0-based, after the line type).
ET = {
    "finess": 1, "finess_ej": 2, "name": 3, "long_name": 4, "extra": 5, "distribution": 6,
    "number": 7, "street_type": 8, "street": 9, "complement": 10, "lieu_dit": 11, "commune": 12,
    "departement": 13, "routing": 15, "phone": 16, "fax": 17, "category_code": 18,
    "category": 19, "siret": 22, "opened_on": 28,
}  # fmt: skip


def _first_phone(entry: dict) -> str:
    """The first phone number of a FINESS+ entity's contacts."""
    for contact in entry.get("contact") or []:
        phone = ((contact or {}).get("telecom") or {}).get("telephone")
        if phone:
            return str(phone)[:30]
    return ""


def in_france(lat: float, lon: float) -> bool:
    return any(a <= lat <= b and c <= lon <= d for a, b, c, d in FRANCE_BOXES)


class Projector:
    """Converts projected coordinates to WGS84 (pyproj transformers, cached per EPSG code)."""

    def __init__(self):
        self._cache = {}

    def to_wgs84(self, x: float, y: float, epsg: int) -> tuple[float, float]:
        from pyproj import Transformer

        if epsg not in self._cache:
            self._cache[epsg] = Transformer.from_crs(epsg, 4326, always_xy=True)
        lon, lat = self._cache[epsg].transform(x, y)
        return lat, lon


def insee_code(departement: str, commune: str) -> str:
    """FINESS gives the département (2 chars, 9A…9F overseas) and a 3-digit commune code."""
    departement = departement.strip().upper()
    commune = commune.strip()
    if not commune:
        return ""
    if departement in OVERSEAS:
        return "97" + commune[-3:]
    return (departement + commune)[-5:] if len(commune) == 3 else commune


def _address(number, street_type, street, complement) -> str:
    return " ".join(p for p in (number, complement, street_type, street) if p).strip()


def _date(value: str):
    from datetime import date

    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@dataclass
class Parsed:
    organisations: dict[str, dict] = field(default_factory=dict)
    full_snapshot: bool = False
    rows: int = 0


class FinessImporter:
    def __init__(
        self,
        path,
        *,
        departements=None,
        dry_run=False,
        report=None,
        show_progress=False,
        progress_stream=None,
    ):
        self.path = Path(path)
        self.departements = {d.upper() for d in departements or []}
        self.dry_run = dry_run
        self.report = RejectReport(report)
        self.projector = Projector()
        self.result = ImportResult(dry_run=dry_run)
        self.outside = 0
        self.without_commune = 0
        size = self.path.stat().st_size if self.path.exists() else 0
        self.progress = Progress(progress_stream, size, "Import FINESS ")
        self.progress.enabled = show_progress

    def run(self) -> ImportResult:
        started = time.monotonic()
        try:
            parsed = self._parse()
            known = set(Commune.objects.values_list("insee_code", flat=True))
            try:
                with transaction.atomic():
                    self._apply(parsed, known)
                    if self.dry_run:
                        raise DryRunRollback
            except DryRunRollback:
                pass
        finally:
            self.report.close()
        self.result.rows_read = parsed.rows
        self.result.rejected = self.report.count
        self.result.samples = self.report.samples
        self.result.extra = {
            "coordonnées hors de France ignorées": self.outside,
            "sans commune connue": self.without_commune,
        }
        self.result.seconds = time.monotonic() - started
        self.result.sha256 = hashlib.sha256(self.path.read_bytes()).hexdigest()
        return self.result

    # --- reading -------------------------------------------------------------------------
    def _parse(self) -> Parsed:
        with self.path.open("rb") as handle:
            head = handle.read(4096)
        if not head.strip():
            raise FileRefused("Fichier vide : ce n'est pas un fichier FINESS.")
        if head.lstrip().startswith((b"{", b"[")):
            return self._parse_json()
        check_last_line_complete(self.path, "FINESS")
        encoding = detect_encoding(self.path)
        with self.path.open("rb") as handle:
            first = handle.readline().decode(encoding, errors="replace").lstrip("\ufeff").lower()
        if ";" not in first:
            raise FileRefused("Mauvais fichier : un extrait FINESS est séparé par « ; ».")
        if first.startswith("finess;etalab"):
            return self._parse_stock(encoding)
        if first.startswith("nofinesset;"):
            return self._parse_joined(encoding)
        raise FileRefused(
            "Mauvais fichier : ni extrait FINESS etalab (« finess;etalab;… »), ni fichier "
            "historique (en-tête « nofinesset;… »), ni flux FINESS+ JSON."
        )

    def _lines(self, encoding: str):
        return decoded_lines(self.path, encoding, self.report, progress=self.progress)

    def _keep(self, line_no: int, values: dict) -> bool:
        finess = values["finess"]
        if not finess_is_valid(finess):
            self.report.reject(line_no, finess, "numéro FINESS invalide (clé de contrôle)")
            return False
        if self.departements and not (
            values["commune_code"][:2] in self.departements
            or values["commune_code"][:3] in self.departements
        ):
            return False
        if values["finess_ej"] and not finess_is_valid(values["finess_ej"]):
            self.report.warn(
                line_no,
                finess,
                f"FINESS juridique « {values['finess_ej']} » invalide (clé de contrôle) : "
                "ignoré, l'établissement est importé",
            )
            values["finess_ej"] = ""
        if values["siret"] and not siret.is_valid(values["siret"]):
            self.report.warn(
                line_no,
                finess,
                f"SIRET « {values['siret'][:20]} » invalide (clé de contrôle) : ignoré, "
                "l'établissement est importé",
            )
            values["siret"] = ""  # a wrong SIRET is dropped; the establishment is kept
        values["line"] = line_no
        return True

    def _parse_stock(self, encoding: str) -> Parsed:
        parsed = Parsed(full_snapshot=True)
        geoloc: dict[str, tuple[float, float, str, int]] = {}
        for line_no, text in self._lines(encoding):
            if line_no == 1 or not text.strip():
                continue
            f = next(csv.reader([text], delimiter=";"))
            parsed.rows += 1
            kind = f[0]
            if kind == "structureet":
                if len(f) < 31:
                    self.report.reject(line_no, f[1] if len(f) > 1 else "", "ligne incomplète")
                    continue
                values = self._from_stock(f)
                if self._keep(line_no, values):
                    parsed.organisations[values["finess"]] = values | {"line": line_no}
            elif kind == "geolocalisation":
                if len(f) < 5:
                    self.report.reject(line_no, f[1] if len(f) > 1 else "", "ligne incomplète")
                    continue
                try:
                    geoloc[f[1]] = (float(f[2]), float(f[3]), f[4], line_no)
                except ValueError:
                    self.report.reject(line_no, f[1], "coordonnées illisibles")
            else:
                self.report.reject(
                    line_no,
                    f[1] if len(f) > 1 else "",
                    f"type de ligne inconnu « {kind[:30]} » (structureet ou geolocalisation "
                    "attendu)",
                )
        for finess, values in parsed.organisations.items():
            if finess in geoloc:
                x, y, source, line_no = geoloc[finess]
                self._set_point(values | {"line": line_no}, x, y, source, target=values)
        return parsed

    def _from_stock(self, f: list[str]) -> dict:
        g = {key: f[pos].strip() if pos < len(f) else "" for key, pos in ET.items()}
        routing = g["routing"]
        return {
            "finess": g["finess"].upper(),
            "finess_ej": g["finess_ej"].upper(),
            "name": g["name"] or g["long_name"],
            "long_name": g["long_name"],
            "category_code": g["category_code"],
            "category": g["category"],
            "address": _address(g["number"], g["street_type"], g["street"], g["complement"]),
            "address_extra": " ".join(p for p in (g["extra"], g["lieu_dit"]) if p),
            "postal_code": routing[:5] if routing[:5].isdigit() else "",
            "city": routing[6:] if routing[:5].isdigit() else routing,
            "commune_code": insee_code(g["departement"], g["commune"]),
            "phone": g["phone"],
            "fax": g["fax"],
            "siret": g["siret"],
            "opened_on": _date(g["opened_on"]),
            "latitude": None,
            "longitude": None,
        }

    def _parse_joined(self, encoding: str) -> Parsed:
        parsed = Parsed(full_snapshot=True)
        header: list[str] = []
        for line_no, text in self._lines(encoding):
            fields = next(csv.reader([text], delimiter=";")) if text else []
            if line_no == 1:
                header = [h.strip().lower() for h in fields]
                continue
            if not fields:
                continue
            parsed.rows += 1
            if len(fields) != len(header):
                self.report.reject(
                    line_no,
                    fields[0][:9],
                    f"{len(fields)} champs au lieu de {len(header)} (ligne coupée ou décalée)",
                )
                continue
            row = dict(zip(header, fields, strict=True))
            routing = row.get("ligneacheminement") or ""
            values = {
                "finess": (row.get("nofinesset") or "").strip().upper(),
                "finess_ej": (row.get("nofinessej") or "").strip().upper(),
                "name": row.get("rs") or "",
                "long_name": row.get("rslongue") or "",
                "category_code": row.get("categetab") or "",
                "category": row.get("liblongcategetab") or row.get("libcategetab") or "",
                "address": _address(
                    row.get("numvoie", ""),
                    row.get("typvoie", ""),
                    row.get("voie", ""),
                    row.get("compvoie", ""),
                ),
                "address_extra": row.get("lieuditbp") or "",
                "postal_code": (row.get("codepostal") or "")[:5],
                "city": routing[6:] if routing[:5].isdigit() else routing,
                "commune_code": (row.get("cog") or "").strip(),
                "phone": row.get("telephone") or "",
                "fax": row.get("telecopie") or "",
                "siret": (row.get("siret") or "").strip(),
                "opened_on": _date(row.get("dateouvert") or ""),
                "latitude": None,
                "longitude": None,
            }
            if not self._keep(line_no, values):
                continue
            try:
                x, y = float(row.get("coordx") or ""), float(row.get("coordy") or "")
            except ValueError:
                pass
            else:
                self._set_point(
                    values | {"line": line_no}, x, y, row.get("sourcegeocod") or "", target=values
                )
            parsed.organisations[values["finess"]] = values | {"line": line_no}
        return parsed

    def _parse_json(self) -> Parsed:
        try:
            data = json.loads(self.path.read_bytes().decode(detect_encoding(self.path)))
        except (ValueError, UnicodeDecodeError) as exc:
            raise FileRefused(f"Flux FINESS+ illisible : JSON invalide ({exc}).") from exc
        if not isinstance(data, dict) or not isinstance(data.get("pmej"), list):
            raise FileRefused("Mauvais fichier : flux FINESS+ attendu (clé « pmej » absente).")
        parsed = Parsed(full_snapshot=False)
        for index, pmej in enumerate(data["pmej"], start=1):
            general = pmej.get("informationsGeneralesPMEJ") or {}
            ej = (general.get("numFinessPm") or "").upper()
            parsed.rows += 1
            ej_address = (pmej.get("adresse") or [{}])[0]
            ej_values = {
                "finess": ej,
                "finess_ej": "",
                "kind": FinessKind.EJ,
                "name": general.get("denominationPm")
                or general.get("denominationLonguePmSmsse")
                or "",
                "long_name": general.get("denominationLonguePmSmsse") or "",
                "category_code": "",
                "category": "Entité juridique",
                "address": ej_address.get("ligneQuatre") or "",
                "address_extra": ej_address.get("lieuDit") or "",
                "postal_code": ej_address.get("codePostal") or "",
                "city": ej_address.get("ligneAcheminement") or "",
                "commune_code": ej_address.get("cogCommune") or "",
                "phone": _first_phone(pmej),
                "fax": "",
                "siret": "",
                "opened_on": _date(general.get("dateCreation") or ""),
                "latitude": None,
                "longitude": None,
                "closed": (pmej.get("etatObjet") or "A") != "A",
            }
            if self._keep(index, ej_values):
                parsed.organisations[ej] = ej_values | {"line": index}
            for ege in pmej.get("ege") or []:
                parsed.rows += 1
                info = ege.get("informationsGeneralesEGE") or {}
                address = (ege.get("adresse") or [{}])[0]
                phone = _first_phone(ege)
                values = {
                    "finess": (info.get("numFinessEge") or "").upper(),
                    "finess_ej": ej,
                    "name": info.get("nomEgeCourt") or info.get("nomEgeLong") or "",
                    "long_name": info.get("nomEgeLong") or "",
                    "category_code": ege.get("categorieentiteGeographiqueExercice") or "",
                    "category": "",
                    "address": address.get("ligneQuatre")
                    or _address(
                        address.get("numeroVoie", ""),
                        address.get("typeVoie", ""),
                        address.get("libelleVoie", ""),
                        "",
                    ),
                    "address_extra": address.get("lieuDit") or "",
                    "postal_code": address.get("codePostal") or "",
                    "city": address.get("ligneAcheminement") or "",
                    "commune_code": address.get("cogCommune") or "",
                    "phone": phone,
                    "fax": "",
                    "siret": info.get("siret") or "",
                    "opened_on": _date(info.get("dateOuverture") or ""),
                    "latitude": None,
                    "longitude": None,
                    "closed": (ege.get("etatObjet") or "A") != "A",
                }
                if not self._keep(index, values):
                    continue
                geo = address.get("coordonneesGeographique") or {}
                try:
                    lat, lon = float(geo["directionLatitude"]), float(geo["directionLongitude"])
                except (KeyError, TypeError, ValueError):
                    pass
                else:
                    self._check_point(values, lat, lon)
                parsed.organisations[values["finess"]] = values | {"line": index}
        return parsed

    def _set_point(self, values: dict, x: float, y: float, source: str, *, target: dict) -> None:
        """Projects (x, y) to WGS84 into `target`; `values` carries the line number for the
        report (the geolocalisation line in the stock extract)."""
        match = _EPSG.search(source)
        code = values["commune_code"]
        if match:
            epsg = int(match.group(1))
        elif "UTM" in source.upper() or code[:3] in DEFAULT_EPSG:
            epsg = DEFAULT_EPSG.get(code[:3], 2154)
        else:
            epsg = 2154
        try:
            lat, lon = self.projector.to_wgs84(x, y, epsg)
        except Exception:
            self.report.warn(
                values.get("line", 0),
                values["finess"],
                f"coordonnées non convertibles (EPSG:{epsg}) : établissement importé sans point",
            )
            return
        self._check_point(values, lat, lon, target=target)

    def _check_point(self, values: dict, lat: float, lon: float, *, target=None) -> None:
        target = values if target is None else target
        if in_france(lat, lon) and not (lat != lat or lon != lon):  # NaN is never in France
            target["latitude"], target["longitude"] = round(lat, 6), round(lon, 6)
        else:
            self.outside += 1
            self.report.warn(
                values.get("line", 0),
                values["finess"],
                f"coordonnées hors de France ({lat:.4f}, {lon:.4f}) : ignorées, "
                "établissement importé sans point",
            )

    # --- writing -------------------------------------------------------------------------
    def _apply(self, parsed: Parsed, known: set[str]) -> None:
        now = timezone.now()
        existing = {
            o.finess: o for o in Organisation.objects.filter(finess__in=parsed.organisations)
        }
        fields = [
            "finess_ej", "name", "long_name", "search_name", "category_code", "category",
            "address", "address_extra", "postal_code", "city", "commune", "phone", "fax",
            "siret", "latitude", "longitude", "opened_on", "is_active",
        ]  # fmt: skip
        to_create, to_update = [], []
        for finess, values in parsed.organisations.items():
            code = values.pop("commune_code")
            line_no = values.pop("line", 0)
            values.pop("finess", None)
            closed = values.pop("closed", False)
            values["commune_id"] = code if code in known else None
            if values["commune_id"] is None:
                self.without_commune += 1
                self.report.warn(
                    line_no,
                    finess,
                    f"code commune « {code[:10]} » inconnu (importez les communes) : "
                    "établissement importé sans commune",
                )
            values["search_name"] = normalise(values["name"])[:300]
            values["name"], values["long_name"] = values["name"][:250], values["long_name"][:300]
            values["is_active"] = not closed
            kind = values.pop("kind", FinessKind.ET)
            org = existing.get(finess)
            if org is None:
                to_create.append(
                    Organisation(
                        finess=finess,
                        kind=kind,
                        source=Source.IMPORT,
                        last_imported_at=now,
                        **values,
                    )
                )
                continue
            if org.contact_edited:
                values["phone"], values["fax"] = org.phone, org.fax
            changed = [
                f
                for f in fields
                if getattr(org, f + ("_id" if f == "commune" else ""))
                != (values["commune_id"] if f == "commune" else values[f])
            ]
            if changed:
                for key, value in values.items():
                    setattr(org, key, value)
                org.last_imported_at = now
                to_update.append(org)
        Organisation.objects.bulk_create(to_create, batch_size=2000)
        Organisation.objects.bulk_update(to_update, [*fields, "last_imported_at"], batch_size=2000)
        self.result.created, self.result.updated = len(to_create), len(to_update)
        self._deactivate_absent(parsed, now)

    def _deactivate_absent(self, parsed: Parsed, now) -> None:
        """A full stock snapshot: imported establishments absent from it are marked inactive
        (never deleted, never with --departement, never hand-made ones)."""
        if parsed.full_snapshot and not self.departements and parsed.organisations:
            active = Organisation.objects.filter(
                source=Source.IMPORT, kind=FinessKind.ET, is_active=True
            ).values_list("pk", "finess")
            gone = [pk for pk, finess in active if finess not in parsed.organisations]
            for start in range(0, len(gone), 5000):
                Organisation.objects.filter(pk__in=gone[start : start + 5000]).update(
                    is_active=False, updated_at=now
                )
            self.result.deactivated = len(gone)
