"""Temporary stand-in for the uploads service — the one place to rewire.

`store_document_file` will be `maillage.files.services.store_upload(actor=…, network=…,
uploaded_file=…, use="documents.file", owner=version)` and `stored_file_response` will serve the
`StoredFile` found by `maillage.files.selectors.stored_file_get_servable`. Until the uploads
service is on main: the type is read from the content (libmagic) and must match the name's
extension, PDFs with active content are refused, and the bytes are kept under
PRIVATE_FILES_ROOT/documents/ (outside any URL), named by a random UUID.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

MAX_BYTES = 20 * 1024 * 1024
ALLOWED = {
    "application/pdf": ("PDF", {".pdf"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Word (DOCX)",
        {".docx"},
    ),
    "application/vnd.oasis.opendocument.text": ("OpenDocument texte (ODT)", {".odt"}),
    "image/png": ("PNG", {".png"}),
    "image/jpeg": ("JPEG", {".jpg", ".jpeg"}),
}
ALLOWED_LABEL = ", ".join(label for label, _ in ALLOWED.values())
_PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction")


class UploadRefused(ValidationError):
    """A refused upload, with a French message for the form."""


@dataclass(frozen=True)
class StoredFileInfo:
    public_id: uuid.UUID
    name: str
    content_type: str
    size: int


def _root() -> Path:
    return Path(settings.PRIVATE_FILES_ROOT) / "documents"


def store_document_file(*, actor, network, uploaded_file, owner) -> StoredFileInfo:
    import magic

    name = PurePath((uploaded_file.name or "fichier").replace("\\", "/")).name[:200]
    if (uploaded_file.size or 0) > MAX_BYTES:
        raise UploadRefused("Fichier : trop volumineux (20 Mo au maximum).")
    uploaded_file.seek(0)
    content = uploaded_file.read(MAX_BYTES + 1)
    if not content:
        raise UploadRefused("Fichier : il est vide, choisissez un autre fichier.")
    if len(content) > MAX_BYTES:
        raise UploadRefused("Fichier : trop volumineux (20 Mo au maximum).")
    detected = magic.from_buffer(content, mime=True)
    extension = PurePath(name).suffix.lower()
    if detected not in ALLOWED:
        raise UploadRefused(
            f"Fichier : « {name} » n'est pas d'un type accepté (contenu détecté : {detected}). "
            f"Types acceptés : {ALLOWED_LABEL}."
        )
    label, extensions = ALLOWED[detected]
    if extension not in extensions:
        raise UploadRefused(
            f"Fichier : « {name} » ne correspond pas à son extension (son contenu est un "
            f"fichier {label}). Renommez-le ou déposez le bon fichier."
        )
    if detected == "application/pdf" and any(marker in content for marker in _PDF_ACTIVE):
        raise UploadRefused(
            "Fichier : ce PDF contient du contenu actif (script, pièce jointe ou lancement "
            "automatique). Enregistrez-le de nouveau en « PDF simple » puis déposez-le."
        )
    public_id = uuid.uuid4()
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    (root / public_id.hex).write_bytes(content)
    return StoredFileInfo(public_id, name, detected, len(content))


def stored_file_response(version) -> FileResponse:
    path = _root() / version.file_public_id.hex
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=version.file_content_type)
    response["Content-Disposition"] = content_disposition_header(True, version.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
