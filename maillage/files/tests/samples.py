"""Files for the upload tests, built in memory: good ones and every kind of bad input."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

# The EICAR test file: harmless, detected by every antivirus (here by .ci/clamd.sh's signature).
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
GPS_IFD = 0x8825


def kept_files(root) -> list:
    """Every file under PRIVATE_FILES_ROOT (temporary ones included)."""
    from pathlib import Path

    return [p for p in Path(root).rglob("*") if p.is_file()]


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('bonjour');"),
        }
    )
    names = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(script)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(names)}
    )
    return _write(writer)


def pdf_with_open_action_script() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _write(writer)


def pdf_with_open_action_destination() -> bytes:
    """Harmless: opens on page 1, fit to the window (what office suites write)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    return _write(writer)


def pdf_with_launch_link() -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/Launch"),
                    NameObject("/F"): TextStringObject("cmd.exe"),
                }
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _write(writer)


def pdf_with_hidden_javascript_name() -> bytes:
    """/JavaScript spelt with a #xx escape, in an object no page refers to."""
    content = pdf()
    trailer_at = content.rindex(b"trailer")
    hidden = b"99 0 obj\n<< /S /J#61vaScript /JS (app.alert(1)) >>\nendobj\n"
    return content[:trailer_at] + hidden + content[trailer_at:]


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 80, 40))
    exif = image.getexif()
    exif[0x010F] = "Fabricant"  # Make
    exif[0x9003] = "2024:05:01 10:00:00"  # DateTimeOriginal (in the Exif IFD in real files)
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (47.0, 23.0, 10.0)
    gps[3] = "E"
    gps[4] = (0.0, 41.0, 5.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "Domicile de Mme Testaud")
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def executable() -> bytes:
    header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44
    header += b"\x80\x00\x00\x00"  # e_lfanew
    stub = b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 20
    return (header + stub).ljust(0x80, b"\x00") + b"PE\x00\x00\x4c\x01" + b"\x00" * 200


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx(extra: dict[str, bytes] | None = None, *, padding_mb: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", b"<Relationships/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        if padding_mb:
            with archive.open("word/media/bomb.bin", "w") as entry:
                block = b"\x00" * (1024 * 1024)
                for _ in range(padding_mb):
                    entry.write(block)
    return buffer.getvalue()
