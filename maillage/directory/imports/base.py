"""Shared machinery of the imports: refusal, rejected-line report, progress, summary."""

from __future__ import annotations

import csv
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


class FileRefused(Exception):
    """The file as a whole is not the expected one; nothing was changed."""


class DryRunRollback(Exception):
    """Raised at the end of a dry run to undo the transaction after counting."""


@dataclass
class Rejection:
    line: int
    identifier: str
    reason: str


@dataclass
class ImportResult:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    rejected: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    samples: list[Rejection] = field(default_factory=list)
    sha256: str = ""
    phases: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [
            f"lignes lues : {self.rows_read}",
            f"créés : {self.created}",
            f"mis à jour : {self.updated}",
            f"désactivés : {self.deactivated}",
            f"rejetés : {self.rejected}",
        ]
        parts += [f"{label} : {value}" for label, value in self.extra.items()]
        prefix = "Simulation (--dry-run), rien n'a été enregistré. " if self.dry_run else ""
        rate = int(self.rows_read / self.seconds) if self.seconds > 0 else self.rows_read
        return f"{prefix}{', '.join(parts)} ({self.seconds:.1f} s, {rate} lignes/s)."


class RejectReport:
    """Rejected lines, written as CSV (ligne;identifiant;motif) when a path is given."""

    def __init__(self, path: str | Path | None):
        self.count = 0
        self.warnings = 0
        self.samples: list[Rejection] = []
        self._file: TextIO | None = None
        self._writer = None
        if path:
            self._file = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._file, delimiter=";")
            self._writer.writerow(["ligne", "identifiant", "motif"])

    def reject(self, line: int, identifier: str, reason: str) -> None:
        self.count += 1
        if len(self.samples) < 20:
            self.samples.append(Rejection(line, identifier, reason))
        if self._writer is not None:
            self._writer.writerow([line, identifier, reason])

    def warn(self, line: int, identifier: str, reason: str) -> None:
        """A line imported with a warning: in the report, not counted as rejected."""
        self.warnings += 1
        if self._writer is not None:
            self._writer.writerow([line, identifier, reason])

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class Progress:
    """A one-line progress indicator with rows per second, refreshed at most twice a second."""

    def __init__(self, stream: TextIO | None = None, total_bytes: int = 0, label: str = ""):
        self.stream = stream if stream is not None else sys.stderr
        self.total_bytes = total_bytes
        self.label = label
        self.started = time.monotonic()
        self._last = 0.0
        self.enabled = True

    def update(self, rows: int, position: int = 0, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.5:
            return
        self._last = now
        elapsed = max(now - self.started, 1e-6)
        percent = f" {100 * position / self.total_bytes:5.1f} %" if self.total_bytes else ""
        width = 30
        filled = int(width * position / self.total_bytes) if self.total_bytes else 0
        bar = f"[{'#' * filled}{'.' * (width - filled)}]" if self.total_bytes else ""
        self.stream.write(
            f"\r{self.label}{bar}{percent} {rows} lignes, {int(rows / elapsed)} lignes/s"
        )
        self.stream.flush()

    def phase(self, label: str) -> None:
        """Announces a step that has no row count (set-based SQL)."""
        if self.enabled:
            self.stream.write(f"{self.label}{label}…\n")
            self.stream.flush()

    def done(self, rows: int, position: int = 0) -> None:
        self.update(rows, position, force=True)
        if self.enabled:
            self.stream.write("\n")


def check_last_line_complete(path: Path, what: str) -> None:
    """A truncated download ends mid-line: the file must end with a line break."""
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(f"Fichier vide : ce n'est pas un fichier {what}.")
    with path.open("rb") as handle:
        handle.seek(-1, 2)
        if handle.read(1) not in (b"\n", b"\r"):
            raise FileRefused(
                "Fichier tronqué : la dernière ligne est incomplète (pas de fin de ligne). "
                "Téléchargez de nouveau le fichier."
            )


def last_line(path: Path) -> bytes:
    """The last non-empty line of a file, read from its end."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        chunk = min(size, 65536)
        handle.seek(size - chunk)
        lines = [line for line in handle.read(chunk).splitlines() if line.strip()]
    return lines[-1] if lines else b""


def detect_encoding(path: Path, sample_size: int = 1 << 20) -> str:
    """UTF-8 when the start of the file reads as UTF-8 (BOM accepted), else Windows-1252.

    A UTF-8 file with a few stray bytes (one damaged line) stays UTF-8 when its well-formed
    accented characters are at least as many as the undecodable bytes; the damaged lines are
    then reported one by one. Windows-1252 text almost never holds a well-formed UTF-8
    multi-byte sequence (an accented letter followed by two or three symbols of 0x80-0xBF)."""
    with path.open("rb") as handle:
        sample = handle.read(sample_size)
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample boundary is not a reason to refuse UTF-8.
        if exc.start < len(sample) - 4:
            decoded = sample.decode("utf-8", errors="replace")
            invalid = decoded.count("\ufffd")
            well_formed = sum(1 for ch in decoded if ord(ch) > 127 and ch != "\ufffd")
            return "utf-8" if well_formed and well_formed >= invalid else "cp1252"
    return "utf-8"


_CODE_START = re.compile(rb"[0-9][0-9AB][0-9]{3,}")


def first_code(raw: bytes) -> str:
    """The first code-looking token (INSEE, FINESS…) of an unreadable line, for the report."""
    match = _CODE_START.search(raw[:200])
    return match.group(0)[:11].decode("ascii") if match else ""


def decoded_lines(
    path: Path,
    encoding: str,
    report: RejectReport,
    *,
    progress: Progress | None = None,
    identifier: Callable[[bytes], str] = first_code,
) -> Iterator[tuple[int, str]]:
    """(line number, text without its line break) of each line, decoded one by one: a line
    whose bytes are not valid in the file's encoding goes to the report with its number and
    the rest of the file is read (a whole-file decode would stop at the first bad byte)."""
    position = line_no = 0
    name = "UTF-8" if encoding.startswith("utf") else "Windows-1252"
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            position += len(raw)
            if progress is not None and line_no % 2000 == 0:
                progress.update(line_no, position)
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                report.reject(line_no, identifier(raw), f"octets illisibles en {name} (encodage)")
                continue
            if line_no == 1:
                text = text.lstrip("\ufeff")
            yield line_no, text.rstrip("\r\n")
    if progress is not None:
        progress.done(line_no, position)
