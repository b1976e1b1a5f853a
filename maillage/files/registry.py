"""What apps register with the files service: usages (allowed types, size cap) and owners
(who may read a file attached to one of their records).

From an AppConfig.ready():

    from maillage.files.registry import register_owner, register_usage
    from maillage.files.registry import JPEG, PDF, PNG

    register_usage("intake.attachment", label="Pièce jointe d'une demande",
                   types={PDF, JPEG, PNG}, max_mb=10)
    register_owner("intake.supportrequest", can_read=permissions.can_read_request_files)

`can_read(user, owner_public_id) -> bool` must apply the owner's own rules (network, role, care
team); a file whose owner type has no registered function is never served (404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
TEXT = "text/plain"
CSV = "text/csv"

IMAGES = frozenset({JPEG, PNG, WEBP})
OFFICE = frozenset({DOCX, XLSX, ODT, ODS})

# Every type a usage may accept: (French label, file name extensions).
KNOWN_TYPES: dict[str, tuple[str, frozenset[str]]] = {
    PDF: ("PDF", frozenset({".pdf"})),
    JPEG: ("JPEG", frozenset({".jpg", ".jpeg"})),
    PNG: ("PNG", frozenset({".png"})),
    WEBP: ("WebP", frozenset({".webp"})),
    DOCX: ("Word (DOCX)", frozenset({".docx"})),
    XLSX: ("Excel (XLSX)", frozenset({".xlsx"})),
    ODT: ("OpenDocument texte (ODT)", frozenset({".odt"})),
    ODS: ("OpenDocument tableur (ODS)", frozenset({".ods"})),
    TEXT: ("texte", frozenset({".txt"})),
    CSV: ("CSV", frozenset({".csv"})),
}
# Never accepted, whatever a usage says: they carry code a browser or a viewer may run.
FORBIDDEN_TYPES = frozenset({"image/svg+xml", "text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class Usage:
    code: str
    label: str
    types: frozenset[str]
    max_bytes: int

    @property
    def max_label(self) -> str:
        megabytes = self.max_bytes / (1024 * 1024)
        return f"{megabytes:g} Mo"

    @property
    def types_label(self) -> str:
        return ", ".join(KNOWN_TYPES[t][0] for t in sorted(self.types, key=_type_order))


def _type_order(content_type: str) -> int:
    return list(KNOWN_TYPES).index(content_type)


_USAGES: dict[str, Usage] = {}
_OWNERS: dict[str, Callable[[object, UUID], bool]] = {}


def register_usage(code: str, *, label: str, types: set[str], max_mb: float) -> Usage:
    unknown = set(types) - set(KNOWN_TYPES)
    if unknown or not types:
        raise ValueError(f"Types non pris en charge pour {code}: {sorted(unknown)}")
    usage = Usage(code, label, frozenset(types), int(max_mb * 1024 * 1024))
    _USAGES[code] = usage
    return usage


def get_usage(code: str) -> Usage:
    try:
        return _USAGES[code]
    except KeyError:
        raise LookupError(f"Usage de fichier non enregistré : {code}") from None


def register_owner(owner_type: str, *, can_read: Callable[[object, UUID], bool]) -> None:
    _OWNERS[owner_type] = can_read


def owner_can_read(user, owner_type: str, owner_public_id: UUID | None) -> bool:
    check = _OWNERS.get(owner_type)
    if check is None or owner_public_id is None:
        return False
    return bool(check(user, owner_public_id))
