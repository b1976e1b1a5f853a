"""Import of the Annuaire Santé extraction `PS_LibreAcces_Personne_activite` (RPPS and ADELI).

The file: UTF-8, `|`-separated, a header row, a trailing `|` on every line, one row per
professional × activity (52 columns until 2023, 56 since: columns are found by header name).

How it runs:
1. The file's shape is checked before anything else (header names, separator, complete last
   line): a wrong file is refused whole, nothing changed.
2. The lines are streamed; each one is checked (field count, UTF-8, identifier key, commune
   code). Rejected lines go to the report; the others go to a temporary staging table
   (PostgreSQL COPY, SQLite executemany).
3. One transaction merges the staging table into the directory with set-based SQL: update what
   changed, insert what is new, and on a full unfiltered snapshot only, mark as inactive the
   imported professionals and activities absent from the file. Hand-made professionals are never
   touched by the deactivation; contact data corrected by a network is kept.
A crash before the commit leaves the directory as it was; the import can be run again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

from maillage.core.models import Commune
from maillage.core.text import normalise
from maillage.directory.imports import sql_rpps
from maillage.directory.imports.base import (
    DryRunRollback,
    FileRefused,
    ImportResult,
    Progress,
    RejectReport,
    check_last_line_complete,
    last_line,
)

# Our field name -> column header of the national file.
COLUMNS = {
    "id_type": "Type d'identifiant PP",
    "identifier": "Identifiant PP",
    "national_id": "Identification nationale PP",
    "practice_civility": "Libellé civilité d'exercice",
    "civility": "Libellé civilité",
    "last_name": "Nom d'exercice",
    "first_name": "Prénom d'exercice",
    "profession_code": "Code profession",
    "profession": "Libellé profession",
    "category_code": "Code catégorie professionnelle",
    "category": "Libellé catégorie professionnelle",
    "spec_kind": "Libellé type savoir-faire",
    "spec_code": "Code savoir-faire",
    "spec_label": "Libellé savoir-faire",
    "mode_code": "Code mode exercice",
    "mode": "Libellé mode exercice",
    "siret": "Numéro SIRET site",
    "finess_site": "Numéro FINESS site",
    "finess_ej": "Numéro FINESS établissement juridique",
    "structure_id": "Identifiant technique de la structure",
    "site_name": "Raison sociale site",
    "trade_name": "Enseigne commerciale site",
    "recipient": "Complément destinataire (coord. structure)",
    "geo_extra": "Complément point géographique (coord. structure)",
    "street_number": "Numéro Voie (coord. structure)",
    "repetition": "Indice répétition voie (coord. structure)",
    "street_type": "Code type de voie (coord. structure)",
    "street": "Libellé Voie (coord. structure)",
    "distribution": "Mention distribution (coord. structure)",
    "cedex": "Bureau cedex (coord. structure)",
    "postal_code": "Code postal (coord. structure)",
    "commune_code": "Code commune (coord. structure)",
    "city": "Libellé commune (coord. structure)",
    "country": "Libellé pays (coord. structure)",
    "phone": "Téléphone (coord. structure)",
    "phone2": "Téléphone 2 (coord. structure)",
    "fax": "Télécopie (coord. structure)",
    "email": "Adresse e-mail (coord. structure)",
    "departement": "Code Département (structure)",
    "sector": "Libellé secteur d'activité",
}
# Present in the 56-column layout only.
OPTIONAL_COLUMNS = {"role_code": "Code rôle", "role": "Libellé rôle"}


def luhn_ok(digits: str) -> bool:
    """Luhn check of a digit string (inlined: it runs on each line of a 2-million-line file)."""
    total = 0
    double = False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if double:
            d *= 2
            if d > 9:
                d -= 9
        total += d
        double = not double
    return total % 10 == 0


def identifier_problem(id_type: str, identifier: str, national_id: str) -> str | None:
    if id_type == "8":
        if len(identifier) != 11 or not identifier.isdigit():
            return "identifiant RPPS invalide : 11 chiffres attendus"
        if not luhn_ok(identifier):
            return "identifiant RPPS invalide : clé de contrôle (Luhn) fausse"
    elif id_type == "0":
        if len(identifier) != 9 or not identifier.isdigit():
            return "identifiant ADELI invalide : 9 chiffres attendus"
        if not luhn_ok(identifier):
            return "identifiant ADELI invalide : clé de contrôle (Luhn) fausse"
    else:
        return f"type d'identifiant inconnu « {id_type[:5]} » (0 = ADELI, 8 = RPPS attendus)"
    if national_id != id_type + identifier:
        return "identification nationale incohérente avec le type et l'identifiant"
    return None


def read_header(path: Path) -> tuple[list[str], int]:
    """The header's column names; refuses the file when it is not a PS_LibreAcces extraction."""
    check_last_line_complete(path, "PS_LibreAcces_Personne_activite")
    with path.open("rb") as handle:
        raw = handle.readline()
    try:
        text = raw.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise FileRefused("En-tête illisible : le fichier n'est pas encodé en UTF-8.") from exc
    if "|" not in text:
        sep = (
            ";" if ";" in text else ("," if "," in text else ("tabulation" if "\t" in text else ""))
        )
        detail = f" (séparateur trouvé : « {sep} »)" if sep else ""
        raise FileRefused(
            "Mauvais fichier : les colonnes doivent être séparées par « | »" + detail + "."
        )
    names = text.split("|")
    field_count = len(names)
    if names and names[-1] == "":
        names = names[:-1]
    missing = [h for h in COLUMNS.values() if h not in names]
    if missing:
        shown = ", ".join(f"« {m} »" for m in missing[:5])
        more = f" et {len(missing) - 5} autres" if len(missing) > 5 else ""
        raise FileRefused(
            "Mauvais fichier : ce n'est pas l'extraction PS_LibreAcces_Personne_activite "
            f"(colonnes absentes : {shown}{more})."
        )
    tail = last_line(path)
    if tail != raw.rstrip(b"\r\n") and tail.count(b"|") != raw.count(b"|"):
        raise FileRefused(
            "Fichier tronqué : la dernière ligne n'a pas le nombre de colonnes de l'en-tête. "
            "Téléchargez de nouveau le fichier."
        )
    return names, field_count


def departement_of(commune_code: str, postal_code: str, dep_column: str) -> str:
    code = commune_code or postal_code
    if code:
        return code[:3] if code.startswith("97") else code[:2]
    return dep_column


def _address(v: dict[str, str]) -> str:
    street = " ".join(
        p for p in (v["street_number"], v["repetition"], v["street_type"], v["street"]) if p
    )
    return ", ".join(p for p in (street, v["distribution"]) if p)


def _city(v: dict[str, str]) -> str:
    if v["city"]:
        return v["city"]
    cedex = v["cedex"]
    return cedex.split(" ", 1)[1] if " " in cedex and cedex[:5].isdigit() else cedex


class RppsImporter:
    """One run. `run()` returns the counts; raises FileRefused before any change."""

    def __init__(
        self,
        path: str | Path,
        *,
        departements: Iterable[str] | None = None,
        dry_run: bool = False,
        report: str | Path | None = None,
        progress_stream: TextIO | None = None,
        show_progress: bool = True,
    ):
        self.path = Path(path)
        self.departements = {d.strip().upper() for d in departements or [] if d.strip()}
        self.dry_run = dry_run
        self.report_path = report
        self.progress = Progress(progress_stream, self.path.stat().st_size, "Import RPPS ")
        self.progress.enabled = show_progress
        self.result = ImportResult(dry_run=dry_run)

    @property
    def full_snapshot(self) -> bool:
        return not self.departements

    def run(self) -> ImportResult:
        started = timezone.now()
        header, expected = read_header(self.path)
        index = {name: header.index(col) for name, col in COLUMNS.items()}
        index.update({n: header.index(c) for n, c in OPTIONAL_COLUMNS.items() if c in header})
        known_communes = set(Commune.objects.values_list("insee_code", flat=True))
        report = RejectReport(self.report_path)
        try:
            with transaction.atomic():
                stage = sql_rpps.Stage(connection)
                stage.create()
                self._stream(stage, index, expected, known_communes, report)
                stage.finish_load()
                deactivate = self.full_snapshot and self._snapshot_is_trustworthy(
                    stage.count(), report.count
                )
                counts = sql_rpps.merge(connection, now=started, full_snapshot=deactivate)
                self.result.created = counts["professionals_created"]
                self.result.updated = counts["professionals_updated"]
                self.result.deactivated = counts["professionals_deactivated"]
                self.result.extra = {
                    "lieux d'activité créés": counts["activities_created"],
                    "lieux d'activité mis à jour": counts["activities_updated"],
                    "lieux d'activité fermés": counts["activities_deactivated"],
                }
                stage.drop()
                if self.dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            pass
        finally:
            report.close()
        self.result.rejected = report.count
        self.result.samples = report.samples
        self.result.seconds = (timezone.now() - started).total_seconds()
        self.result.sha256 = self._digest()
        return self.result

    def _snapshot_is_trustworthy(self, staged: int, rejected: int) -> bool:
        """Never deactivate the whole directory because of a file that is mostly rejected."""
        if staged == 0 or rejected > self.result.rows_read // 2:
            self.result.warnings.append(
                "Aucune désactivation : trop de lignes rejetées pour un instantané complet."
            )
            return False
        return True

    def _digest(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def _stream(self, stage, index, expected, known_communes, report) -> None:
        check_communes = bool(known_communes)
        spec_search: dict[str, str] = {}
        wanted = self.departements
        rows_read = 0
        last_nid, last_problem = None, None
        i = index
        has_role = "role_code" in i
        with self.path.open("rb") as handle:
            handle.readline()
            line_no = 1
            for raw in handle:
                line_no += 1
                if not raw.strip():
                    continue
                rows_read += 1
                if rows_read % 5000 == 0:
                    self.progress.update(rows_read, handle.tell())
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    report.reject(line_no, "", "octets non UTF-8 (encodage incorrect)")
                    continue
                f = text.rstrip("\r\n").split("|")
                if len(f) != expected:
                    report.reject(
                        line_no,
                        f[2] if len(f) > 2 else "",
                        f"nombre de champs incorrect : {len(f) - 1} au lieu de {expected - 1}",
                    )
                    continue
                nid = f[i["national_id"]]
                if nid != last_nid:
                    last_nid = nid
                    last_problem = identifier_problem(f[i["id_type"]], f[i["identifier"]], nid)
                if last_problem:
                    report.reject(line_no, nid, last_problem)
                    continue
                last_name = f[i["last_name"]]
                if not last_name:
                    report.reject(line_no, nid, "nom d'exercice vide")
                    continue
                commune_code = f[i["commune_code"]]
                if check_communes and commune_code and commune_code not in known_communes:
                    report.reject(line_no, nid, f"code commune inconnu « {commune_code[:10]} »")
                    continue
                if wanted and (
                    departement_of(commune_code, f[i["postal_code"]], f[i["departement"]])
                    not in wanted
                ):
                    continue
                v = {k: f[pos] for k, pos in i.items()}
                spec_code = v["spec_code"]
                if spec_code and spec_code not in spec_search:
                    spec_search[spec_code] = normalise(v["spec_label"])
                structure = v["structure_id"]
                role_code = v["role_code"] if has_role else ""
                act_key = f"{nid}|{structure}|{role_code}" if structure else None
                stage.add(
                    (
                        line_no,
                        nid,
                        v["id_type"],
                        v["identifier"],
                        v["practice_civility"],
                        v["civility"],
                        last_name,
                        v["first_name"],
                        normalise(f"{last_name} {v['first_name']}"),
                        v["profession_code"],
                        v["profession"],
                        v["category_code"],
                        v["category"],
                        spec_code,
                        v["spec_label"],
                        v["spec_kind"],
                        spec_search.get(spec_code, ""),
                        act_key,
                        v["mode_code"],
                        v["mode"],
                        v["sector"],
                        v["role"] if has_role else "",
                        structure,
                        v["siret"][:14],
                        v["finess_site"][:9],
                        v["finess_ej"][:9],
                        (v["site_name"] or v["trade_name"])[:250],
                        _address(v)[:300],
                        ", ".join(p for p in (v["recipient"], v["geo_extra"]) if p)[:250],
                        (v["postal_code"] or v["cedex"][:5])[:10],
                        _city(v)[:120],
                        commune_code[:5],
                        commune_code if commune_code in known_communes else None,
                        v["country"][:60],
                        v["phone"][:30],
                        v["phone2"][:30],
                        v["fax"][:30],
                        v["email"][:254],
                    )
                )
        self.result.rows_read = rows_read
        self.progress.done(rows_read, self.path.stat().st_size)
