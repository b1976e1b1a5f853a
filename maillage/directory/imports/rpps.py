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
   touched by the deactivation; contact data corrected by a network is kept. On PostgreSQL each
   imported row keeps a hash of the file's fields it comes from (`import_hash`): a re-import
   reshapes and rewrites only the lines whose hash changed (see rpps_copy).
A crash before the commit leaves the directory as it was; the import can be run again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone
from stdnum.fr import siret as stdnum_siret

from maillage.core.models import Commune
from maillage.core.text import normalise
from maillage.directory.imports import rpps_copy, sql_rpps
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


_DIGIT = {str(d): d for d in range(10)}
_DOUBLED = {str(d): (2 * d if d < 5 else 2 * d - 9) for d in range(10)}


def luhn_ok(digits: str) -> bool:
    """Luhn check of a digit string; C-level maps, as it runs on every new identifier of a
    2-million-line file. `digits` must be all digits (checked by the caller)."""
    total = sum(map(_DIGIT.__getitem__, digits[-1::-2]))
    total += sum(map(_DOUBLED.__getitem__, digits[-2::-2]))
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
        set_based: bool | None = None,
    ):
        self.path = Path(path)
        self.departements = {d.strip().upper() for d in departements or [] if d.strip()}
        self.dry_run = dry_run
        self.report_path = report
        self.progress = Progress(progress_stream, self.path.stat().st_size, "Import RPPS ")
        self.progress.enabled = show_progress
        self.result = ImportResult(dry_run=dry_run)
        # PostgreSQL: COPY and set-based SQL (rpps_copy); elsewhere the streaming Python path.
        self.set_based = connection.vendor == "postgresql" if set_based is None else set_based

    @property
    def full_snapshot(self) -> bool:
        return not self.departements

    def run(self) -> ImportResult:
        started = timezone.now()
        header, expected = read_header(self.path)
        index = {name: header.index(col) for name, col in COLUMNS.items()}
        index.update({n: header.index(c) for n, c in OPTIONAL_COLUMNS.items() if c in header})
        if self.set_based:
            known_communes = {"*"} if Commune.objects.exists() else set()  # checked in SQL
        else:
            known_communes = set(Commune.objects.values_list("insee_code", flat=True))
        report = RejectReport(self.report_path)
        try:
            with transaction.atomic():
                stage = sql_rpps.Stage(connection)
                loader = None
                if self.set_based:
                    # COPY, then checks and shaping in SQL: builds the merge's inputs directly.
                    loader = self._load_with_copy(index, expected, known_communes, report)
                else:
                    stage.create()
                    clock = time.monotonic()
                    self._stream(stage, index, expected, known_communes, report)
                    stage.finish_load()
                    self.result.phases["lecture, contrôle et chargement"] = time.monotonic() - clock
                clock = time.monotonic()
                self.progress.phase("fusion dans l'annuaire")
                staged = loader.staged if loader else stage.count()
                deactivate = self.full_snapshot and self._snapshot_is_trustworthy(
                    staged, report.count
                )
                counts = sql_rpps.merge(
                    connection,
                    now=started,
                    full_snapshot=deactivate,
                    staged=staged,
                    timings=self.result.phases,
                    # PostgreSQL: rpps_pro / rpps_act hold the new and changed lines only.
                    keys=("rpps_first_pro", "rpps_first_act")
                    if loader
                    else ("rpps_pro", "rpps_act"),
                    hashes=bool(loader),
                    gone=None
                    if loader is None or loader.first_load
                    else ("rpps_todo_pro", "rpps_todo_act"),
                )
                self.result.phases["fusion dans l'annuaire"] = time.monotonic() - clock
                self.result.created = counts["professionals_created"]
                self.result.updated = counts["professionals_updated"]
                self.result.deactivated = counts["professionals_deactivated"]
                self.result.extra = {
                    "lieux d'activité créés": counts["activities_created"],
                    "lieux d'activité mis à jour": counts["activities_updated"],
                    "lieux d'activité fermés": counts["activities_deactivated"],
                }
                if loader:
                    loader.drop()
                stage.drop()
                if self.dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            pass
        finally:
            report.close()
        self.result.rejected = report.count
        if report.warnings:
            self.result.warnings.append(
                f"{report.warnings} ligne(s) importée(s) sans leur numéro SIRET de site, "
                "dont la clé de contrôle est fausse (voir le rapport)."
            )
        self.result.samples = report.samples
        self.result.seconds = (timezone.now() - started).total_seconds()
        self.result.sha256 = self._digest()
        return self.result

    def _load_with_copy(self, index, expected, known_communes, report) -> rpps_copy.CopyLoader:
        """PostgreSQL: COPY, then checks and shaping in SQL (see rpps_copy)."""
        loader = rpps_copy.CopyLoader(
            connection,
            self.path,
            index=index,
            expected=expected,
            departements=self.departements,
            progress=self.progress,
            report=report,
            check_communes=bool(known_communes),
        )
        loader.load()
        self.progress.phase("contrôle des lignes")
        loader.check()
        self.progress.phase("mise en forme")
        loader.shape()
        loader.write_report()
        self.result.rows_read = loader.rows_read
        self.result.phases.update(loader.phases)
        return loader  # its tables are dropped after the merge (see CopyLoader.drop)

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
        """Reads, checks and stages every line. Written for speed (2 million lines): one
        itemgetter call picks the columns, names are normalised once per distinct value."""
        check_communes = bool(known_communes)
        wanted = self.departements
        i = index
        picker = itemgetter(*(i[name] for name in PICKED))
        role_pos = i.get("role_code")
        norm_cache: dict[str, str] = {}
        spec_search: dict[str, str] = {}
        siret_cache: dict[str, bool] = {}

        def norm(value: str) -> str:
            found = norm_cache.get(value)
            if found is None:
                found = norm_cache[value] = normalise(value)
                if len(norm_cache) > 500_000:
                    norm_cache.clear()
            return found

        rows_read = 0
        last_nid, last_problem = None, None
        pos_nid, pos_type, pos_ident = i["national_id"], i["id_type"], i["identifier"]
        pos_last, pos_commune = i["last_name"], i["commune_code"]
        pos_postal, pos_dep = i["postal_code"], i["departement"]
        with self.path.open("rb") as handle:
            handle.readline()
            line_no = 1
            for raw in handle:
                line_no += 1
                rows_read += 1
                if rows_read % 20000 == 0:
                    self.progress.update(rows_read, handle.tell())
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    report.reject(line_no, "", "octets non UTF-8 (encodage incorrect)")
                    continue
                f = text.rstrip("\r\n").split("|")
                if len(f) != expected:
                    if len(f) == 1 and not f[0].strip():
                        rows_read -= 1  # a blank line
                        continue
                    report.reject(
                        line_no,
                        f[pos_nid] if len(f) > pos_nid else "",
                        f"nombre de champs incorrect : {len(f) - 1} au lieu de {expected - 1}",
                    )
                    continue
                nid = f[pos_nid]
                if nid != last_nid:
                    last_nid = nid
                    last_problem = identifier_problem(f[pos_type], f[pos_ident], nid)
                if last_problem:
                    report.reject(line_no, nid, last_problem)
                    continue
                if not f[pos_last]:
                    report.reject(line_no, nid, "nom d'exercice vide")
                    continue
                commune_code = f[pos_commune]
                commune_id = ""
                if commune_code:
                    if commune_code in known_communes:
                        commune_id = commune_code
                    elif check_communes:
                        report.reject(line_no, nid, f"code commune inconnu « {commune_code[:10]} »")
                        continue
                if wanted and departement_of(commune_code, f[pos_postal], f[pos_dep]) not in wanted:
                    continue
                row = picker(f)
                siret = row[17]
                if siret:
                    valid = siret_cache.get(siret)
                    if valid is None:
                        valid = siret_cache[siret] = stdnum_siret.is_valid(siret)
                        if len(siret_cache) > 500_000:
                            siret_cache.clear()
                    if not valid:
                        report.warn(line_no, nid, rpps_copy.SIRET_WARNING)
                        siret = ""
                spec_code = row[11]
                if spec_code and spec_code not in spec_search:
                    spec_search[spec_code] = normalise(row[12])
                structure = row[20]
                act_key = (
                    f"{nid}|{structure}|{f[role_pos] if role_pos is not None else ''}"
                    if structure
                    else ""
                )
                stage.add(
                    (
                        str(line_no),
                        *row[:5],
                        row[5][:120],
                        row[6][:120],
                        f"{norm(row[5])} {norm(row[6])}".strip(),
                        row[7][:10],
                        row[8][:120],
                        row[9][:5],
                        row[10][:60],
                        spec_code[:20],
                        row[12][:200],
                        row[13][:120],
                        spec_search.get(spec_code, ""),
                        act_key[:80],
                        *_activity_values(row, f, i, role_pos, siret),
                        commune_id,
                        row[29][:60],
                        row[30][:30],
                        row[31][:30],
                        row[32][:30],
                        row[33][:254],
                    )
                )
        self.result.rows_read = rows_read
        self.progress.done(rows_read, self.path.stat().st_size)


# Columns picked in one call, in staging order (see sql_rpps.STAGE_COLUMNS).
PICKED = [
    "national_id",  # 0
    "id_type",  # 1
    "identifier",  # 2
    "practice_civility",  # 3
    "civility",  # 4
    "last_name",  # 5
    "first_name",  # 6
    "profession_code",  # 7
    "profession",  # 8
    "category_code",  # 9
    "category",  # 10
    "spec_code",  # 11
    "spec_label",  # 12
    "spec_kind",  # 13
    "mode_code",  # 14
    "mode",  # 15
    "sector",  # 16
    "siret",  # 17
    "finess_site",  # 18
    "finess_ej",  # 19
    "structure_id",  # 20
    "site_name",  # 21
    "trade_name",  # 22
    "street_number",  # 23
    "repetition",  # 24
    "street_type",  # 25
    "street",  # 26
    "distribution",  # 27
    "commune_code",  # 28
    "country",  # 29
    "phone",  # 30
    "phone2",  # 31
    "fax",  # 32
    "email",  # 33
]


def _activity_values(row: tuple, f: list[str], i: dict[str, int], role_pos, siret: str) -> tuple:
    """mode_code … commune_code, in staging order (without commune_id)."""
    street = " ".join(p for p in (row[23], row[24], row[25], row[26]) if p)
    address = f"{street}, {row[27]}" if street and row[27] else (street or row[27])
    recipient, geo = f[i["recipient"]], f[i["geo_extra"]]
    extra = f"{recipient}, {geo}" if recipient and geo else (recipient or geo)
    postal, cedex, city = f[i["postal_code"]], f[i["cedex"]], f[i["city"]]
    if not city and cedex:
        city = cedex.split(" ", 1)[1] if " " in cedex and cedex[:5].isdigit() else cedex
    return (
        row[14][:5],
        row[15][:60],
        row[16][:120],
        f[i["role"]][:120] if role_pos is not None else "",
        row[20][:40],
        siret[:14],
        row[18][:9],
        row[19][:9],
        (row[21] or row[22])[:250],
        address[:300],
        extra[:250],
        (postal or cedex[:5])[:10],
        city[:120],
        row[28][:5],
    )
