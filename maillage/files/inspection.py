"""What an upload really is, and making it harmless: type from the content (libmagic), PDFs with
active content refused, images re-encoded (metadata dropped), office documents checked for
decompression bombs and macros. Every refusal is an `UploadRefused` with a French message."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import PurePath

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

from maillage.files.registry import (
    CSV,
    FORBIDDEN_TYPES,
    IMAGES,
    KNOWN_TYPES,
    OFFICE,
    PDF,
    TEXT,
    Usage,
)


class UploadRefused(ValidationError):
    """The upload is refused; `message` says why in French and what to do."""


_DESCRIPTIONS = {
    "application/x-dosexec": "celui d'un programme exécutable",
    "application/vnd.microsoft.portable-executable": "celui d'un programme exécutable",
    "application/x-msdownload": "celui d'un programme exécutable",
    "application/x-executable": "celui d'un programme exécutable",
    "application/x-sharedlib": "celui d'un programme exécutable",
    "application/x-pie-executable": "celui d'un programme exécutable",
    "application/x-mach-binary": "celui d'un programme exécutable",
    "application/x-msi": "celui d'un programme d'installation",
    "application/zip": "celui d'une archive ZIP",
    "image/svg+xml": "celui d'une image SVG",
    "text/html": "celui d'une page web",
    "application/octet-stream": "illisible ou d'un type inconnu",
}
_FIXES = {
    PDF: "Enregistrez le document au format PDF puis déposez-le à nouveau.",
}


def _describe(content_type: str) -> str:
    return _DESCRIPTIONS.get(content_type, f"de type « {content_type} »")


def _type_from_name(name: str) -> str | None:
    suffix = PurePath(name).suffix.lower()
    for content_type, (_label, suffixes) in KNOWN_TYPES.items():
        if suffix in suffixes:
            return content_type
    return None


def _ooxml_or_odf_type(content: bytes) -> str | None:
    """A ZIP whose own declarations say which office document it is (when libmagic only
    recognises the ZIP container because of the order of its entries)."""
    from maillage.files.registry import DOCX, ODS, ODT, XLSX

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            # Bounded reads: an entry may itself be a decompression bomb (checked later).
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    declared = entry.read(100).decode("ascii", "replace").strip()
                return {ODT: ODT, ODS: ODS}.get(declared)
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    types = entry.read(200_000)
                if b"wordprocessingml.document.main+xml" in types:
                    return DOCX
                if b"spreadsheetml.sheet.main+xml" in types:
                    return XLSX
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def detect_type(content: bytes) -> str:
    detected = magic.from_buffer(content[: 1024 * 1024], mime=True)
    if detected == "application/zip":
        detected = _ooxml_or_odf_type(content) or detected
    return detected


def check_type(content: bytes, name: str, usage: Usage) -> str:
    """The detected content type, or a refusal naming what the file really is."""
    detected = detect_type(content)
    accepted = f"Formats acceptés : {usage.types_label}."
    if detected in FORBIDDEN_TYPES:
        if detected == "image/svg+xml":
            raise UploadRefused(
                "Les images SVG ne sont pas acceptées (elles peuvent contenir du code). "
                f"Enregistrez l'image en PNG ou en JPEG. {accepted}",
                code="type",
            )
        raise UploadRefused(
            f"Ce fichier est une page web : il n'est pas accepté. {accepted}", code="type"
        )
    allowed = set(usage.types)
    if allowed & {TEXT, CSV}:  # libmagic calls a CSV file either
        allowed |= {TEXT, CSV}
    if detected in allowed:
        return detected
    claimed = _type_from_name(name)
    if claimed is not None and claimed != detected:
        label = KNOWN_TYPES[claimed][0]
        fix = _FIXES.get(claimed, "")
        raise UploadRefused(
            f"Ce fichier n'est pas un {label} : son contenu est {_describe(detected)}. "
            f"{fix} {accepted}".replace("  ", " "),
            code="type",
        )
    raise UploadRefused(
        f"Type de fichier non accepté : son contenu est {_describe(detected)}. {accepted}",
        code="type",
    )


# PDF -------------------------------------------------------------------------------------------

_ACTIVE_KEYS = {"/JavaScript", "/JS", "/Launch", "/AA", "/RichMedia"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute"}
_PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9_.+-]|#[0-9A-Fa-f]{2})+)")
_MAX_PDF_OBJECTS = 200_000

_PDF_ACTIVE = (
    "Ce PDF contient du code ou une action automatique (JavaScript, lancement de programme, "
    "action à l'ouverture) : il est refusé. Imprimez-le en PDF (« Enregistrer au format PDF » "
    "ou « Microsoft Print to PDF ») pour obtenir une version sans code, puis déposez-la."
)


def _raw_pdf_names(content: bytes) -> set[str]:
    """Names as written in the bytes, #xx escapes decoded (viewers repair broken files by
    scanning the raw bytes, so we look there too, not only at what the parser reaches)."""
    names = set()
    for match in _PDF_NAME.finditer(content):
        raw = match.group(1)
        decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add("/" + decoded.decode("latin-1"))
    return names


def _walk_pdf(reader) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > _MAX_PDF_OBJECTS:
            raise UploadRefused("Ce PDF est trop complexe pour être vérifié.", code="pdf")
        if isinstance(node, DictionaryObject):
            keys = set(node.keys())
            if keys & _ACTIVE_KEYS:
                raise UploadRefused(_PDF_ACTIVE, code="pdf_active")
            if node.get("/S") in _ACTIVE_ACTIONS:
                raise UploadRefused(_PDF_ACTIVE, code="pdf_active")
            open_action = node.get("/OpenAction")
            if open_action is not None:
                resolved = open_action.get_object()
                # A destination (an array: page and zoom) is harmless; an action is not.
                if isinstance(resolved, DictionaryObject):
                    raise UploadRefused(_PDF_ACTIVE, code="pdf_active")
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)


def check_pdf(content: bytes) -> None:
    from pypdf import PdfReader

    if _raw_pdf_names(content) & (_ACTIVE_KEYS | _ACTIVE_ACTIONS):
        raise UploadRefused(_PDF_ACTIVE, code="pdf_active")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(
                "Ce PDF est protégé par un mot de passe : il ne peut pas être vérifié. "
                "Enregistrez-en une version sans mot de passe.",
                code="pdf",
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _walk_pdf(reader)
    except UploadRefused:
        raise
    except Exception as exc:  # a parser fed with hostile bytes may fail in many ways
        raise UploadRefused(
            "Ce PDF est endommagé ou illisible. Enregistrez-le à nouveau au format PDF.",
            code="pdf",
        ) from exc


# Images ----------------------------------------------------------------------------------------

_IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def reencode_image(content: bytes, content_type: str) -> bytes:
    """Decodes and re-encodes the pixels only: EXIF (GPS position, camera, date), comments and
    any trailing data are gone; the orientation is applied to the pixels first."""
    max_pixels = settings.FILES_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise UploadRefused(
                        f"Image trop grande ({width} × {height} pixels). Réduisez-la à moins "
                        f"de {max_pixels // 1_000_000} millions de pixels.",
                        code="image",
                    )
                image.load()
                image = ImageOps.exif_transpose(image)
                fmt = _IMAGE_FORMATS[content_type]
                if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                elif fmt != "JPEG" and image.mode not in ("RGB", "RGBA", "L", "LA"):
                    image = image.convert("RGBA")
                # A new image holding the pixels only: nothing of the original's metadata.
                clean = Image.new(image.mode, image.size)
                clean.paste(image)
                output = io.BytesIO()
                options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {"optimize": True}
                clean.save(output, fmt, **options)
                return output.getvalue()
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UploadRefused(
            "Cette image est endommagée ou trop grande pour être lue. "
            "Enregistrez-la à nouveau en JPEG ou en PNG.",
            code="image",
        ) from exc
    except Image.DecompressionBombWarning as exc:
        raise UploadRefused(
            "Cette image est trop grande pour être lue. Réduisez-la puis déposez-la à nouveau.",
            code="image",
        ) from exc


# Office documents (ZIP containers) ---------------------------------------------------------------

_MACRO_NAMES = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|^Basic/|^Scripts/", re.I)


def check_office(content: bytes) -> None:
    """Refuses decompression bombs (the real decompressed size is measured, not the size the
    archive claims), encrypted entries and macros."""
    budget = settings.FILES_MAX_UNCOMPRESSED_BYTES
    bomb = UploadRefused(
        "Ce document se décompresse en un volume anormalement grand (bombe de décompression) : "
        "il est refusé.",
        code="archive",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > settings.FILES_MAX_ARCHIVE_ENTRIES:
                raise bomb
            if sum(entry.file_size for entry in entries) > budget:
                raise bomb
            for entry in entries:
                if entry.flag_bits & 0x1:
                    raise UploadRefused(
                        "Ce document est protégé par un mot de passe : il ne peut pas être "
                        "vérifié. Enregistrez-en une version sans mot de passe.",
                        code="archive",
                    )
                if _MACRO_NAMES.search(entry.filename):
                    raise UploadRefused(
                        "Ce document contient des macros : il est refusé. Enregistrez-le sans "
                        "macros (par exemple en .docx ou en PDF).",
                        code="archive",
                    )
                with archive.open(entry) as stream:
                    while chunk := stream.read(1024 * 1024):
                        budget -= len(chunk)
                        if budget < 0:
                            raise bomb
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, EOFError) as exc:
        raise UploadRefused(
            "Ce document est endommagé ou illisible. Enregistrez-le à nouveau.", code="archive"
        ) from exc


def sanitise(content: bytes, content_type: str) -> bytes:
    """The bytes to keep: re-encoded for images, unchanged (once checked) for the others."""
    if content_type == PDF:
        check_pdf(content)
        return content
    if content_type in IMAGES:
        return reencode_image(content, content_type)
    if content_type in OFFICE:
        check_office(content)
        return content
    return content
