"""store_upload(): what is kept, and every bad input refused with a French message, nothing kept."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maillage.audit.models import AuditEvent
from maillage.files import storage
from maillage.files.inspection import _walk_pdf, check_pdf
from maillage.files.models import ScanStatus, StoredFile
from maillage.files.services import UploadRefused, clean_name, store_upload, stored_files_rescan
from maillage.files.tests import samples
from maillage.files.tests.samples import kept_files, upload


def _store(coordinator, network, uploaded, use="tests.attachment", **kwargs):
    return store_upload(
        actor=coordinator, network=network, uploaded_file=uploaded, use=use, **kwargs
    )


def _refused(coordinator, network, uploaded, use="tests.attachment") -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        _store(coordinator, network, uploaded, use)
    assert StoredFile.all_objects.count() == 0
    assert kept_files(settings.PRIVATE_FILES_ROOT) == []
    return caught.value


def test_it_keeps_a_clean_pdf_under_a_random_name(coordinator, network, record):
    content = samples.pdf()
    stored = _store(coordinator, network, upload("Compte rendu.pdf", content), owner=record)
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "Compte rendu.pdf"
    assert stored.size == len(content)
    assert stored.owner_type == "retention_testapp.samplerecord"
    assert stored.owner_public_id == record.public_id
    assert stored.uploaded_by == coordinator
    assert stored.path.read_bytes() == content
    assert stored.path.name == stored.storage_name
    assert "Compte" not in str(stored.path)
    assert stored.path.is_relative_to(settings.PRIVATE_FILES_ROOT)
    event = AuditEvent.objects.get(action="files.file.uploaded")
    assert event.target_uuid == stored.public_id
    assert event.details["sha256"] == stored.sha256
    assert "Compte" not in str(event.details)


def test_it_scans_and_releases_a_clean_file(clamd_running, coordinator, network):
    stored = _store(coordinator, network, upload("cr.pdf", samples.pdf()))
    assert stored.scan_status == ScanStatus.CLEAN
    assert stored.path.parent.name == storage.STORE
    assert stored.scanned_at is not None


def test_it_refuses_the_eicar_test_file_and_keeps_nothing(clamd_running, coordinator, network):
    refusal = _refused(coordinator, network, upload("note.txt", samples.EICAR), "tests.document")
    assert refusal.message.startswith("Fichier infecté")
    assert refusal.code == "infected"
    event = AuditEvent.objects.get(action="files.upload.refused")
    assert event.details["reason"] == "infected"


def test_it_finds_eicar_inside_an_office_document(clamd_running, coordinator, network):
    infected = samples.docx({"word/media/note.txt": samples.EICAR})
    refusal = _refused(coordinator, network, upload("courrier.docx", infected), "tests.document")
    assert refusal.code == "infected"


def test_it_fails_closed_when_the_antivirus_is_unreachable(settings, coordinator, network):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.ctl"
    settings.CLAMD_REQUIRED = True
    refusal = _refused(coordinator, network, upload("cr.pdf", samples.pdf()))
    assert "antivirus est momentanément indisponible" in refusal.message


def test_without_required_antivirus_files_wait_in_quarantine(settings, coordinator, network):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.ctl"
    settings.CLAMD_REQUIRED = False
    stored = _store(coordinator, network, upload("cr.pdf", samples.pdf()))
    assert stored.scan_status == ScanStatus.PENDING
    assert stored.path.parent.name == storage.QUARANTINE
    assert stored_files_rescan() == {"clean": 0, "infected": 0, "pending": 1}


def test_a_rescan_releases_quarantined_files(settings, clamd_running, coordinator, network):
    socket = settings.CLAMD_SOCKET
    settings.CLAMD_SOCKET, settings.CLAMD_REQUIRED = "/nonexistent/clamd.ctl", False
    stored = _store(coordinator, network, upload("cr.pdf", samples.pdf()))
    settings.CLAMD_SOCKET = socket
    assert stored_files_rescan()["clean"] == 1
    stored.refresh_from_db()
    assert stored.scan_status == ScanStatus.CLEAN
    assert stored.path.parent.name == storage.STORE


def test_it_refuses_an_executable_renamed_pdf(coordinator, network):
    refusal = _refused(coordinator, network, upload("ordonnance.pdf", samples.executable()))
    assert refusal.message.startswith(
        "Ce fichier n'est pas un PDF : son contenu est celui d'un programme exécutable."
    )
    assert "Formats acceptés : PDF, JPEG, PNG." in refusal.message


def test_it_refuses_a_type_the_usage_does_not_accept(coordinator, network):
    refusal = _refused(coordinator, network, upload("notes", b"Bonjour\n" * 10))
    assert refusal.message.startswith("Type de fichier non accepté")


def test_it_refuses_an_svg_even_named_png(coordinator, network):
    refusal = _refused(coordinator, network, upload("photo.png", samples.SVG_WITH_SCRIPT))
    assert refusal.message.startswith("Les images SVG ne sont pas acceptées")


def test_it_refuses_a_file_over_the_cap_without_reading_it(coordinator, network):
    class Huge(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("a 2 GB upload must be refused before it is read")

    huge = Huge("scanner.pdf", b"", content_type="application/pdf")
    huge.size = 2 * 1024**3
    refusal = _refused(coordinator, network, huge)
    assert refusal.message == "Fichier trop volumineux (10 Mo au maximum)."


def test_it_refuses_more_bytes_than_announced(coordinator, network):
    lying = upload("scanner.pdf", samples.pdf() + b"\0" * (10 * 1024 * 1024))
    lying.size = 1000
    assert _refused(coordinator, network, lying).code == "too_large"


def test_it_refuses_an_empty_file(coordinator, network):
    assert _refused(coordinator, network, upload("vide.pdf", b"")).code == "empty"


ACTIVE_PDFS = [
    samples.pdf_with_javascript,
    samples.pdf_with_open_action_script,
    samples.pdf_with_launch_link,
    samples.pdf_with_hidden_javascript_name,
]


@pytest.mark.parametrize("builder", ACTIVE_PDFS)
def test_it_refuses_pdfs_with_active_content(builder, coordinator, network):
    refusal = _refused(coordinator, network, upload("document.pdf", builder()))
    # ClamAV's own heuristics may get there first (obfuscated names): refused either way.
    assert refusal.code in ("pdf_active", "infected")


@pytest.mark.parametrize("builder", ACTIVE_PDFS)
def test_the_pdf_check_finds_active_content_by_itself(builder):
    with pytest.raises(UploadRefused) as caught:
        check_pdf(builder())
    assert caught.value.code == "pdf_active"
    assert caught.value.message.startswith("Ce PDF contient du code ou une action automatique")


@pytest.mark.parametrize(
    "builder",
    [
        samples.pdf_with_javascript,
        samples.pdf_with_open_action_script,
        samples.pdf_with_launch_link,
    ],
)
def test_the_pdf_walk_finds_active_content_without_the_raw_scan(builder):
    from pypdf import PdfReader

    with pytest.raises(UploadRefused):
        _walk_pdf(PdfReader(io.BytesIO(builder())))


def test_it_accepts_a_pdf_that_opens_on_its_first_page(coordinator, network):
    stored = _store(
        coordinator, network, upload("doc.pdf", samples.pdf_with_open_action_destination())
    )
    assert stored.content_type == "application/pdf"


def test_it_refuses_a_damaged_pdf(coordinator, network):
    refusal = _refused(coordinator, network, upload("doc.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50))
    assert refusal.code == "pdf"


def test_it_drops_the_gps_position_of_a_photo(coordinator, network):
    original = samples.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(samples.GPS_IFD)
    stored = _store(coordinator, network, upload("visite.jpg", original))
    kept = Image.open(stored.path)
    assert kept.format == "JPEG"
    assert kept.size == (40, 30)
    assert not kept.getexif().get_ifd(samples.GPS_IFD)
    assert dict(kept.getexif()) == {}
    assert b"Fabricant" not in stored.path.read_bytes()
    assert stored.sha256 != __import__("hashlib").sha256(original).hexdigest()


def test_it_drops_png_text_chunks(coordinator, network):
    stored = _store(coordinator, network, upload("plan.png", samples.png_with_text()))
    assert b"Testaud" not in stored.path.read_bytes()
    assert Image.open(stored.path).mode == "RGBA"


def test_it_refuses_an_image_with_too_many_pixels(settings, coordinator, network):
    settings.FILES_MAX_IMAGE_PIXELS = 100
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "PNG")
    assert _refused(coordinator, network, upload("x.png", buffer.getvalue())).code == "image"


def test_it_refuses_a_decompression_bomb_in_an_office_document(settings, coordinator, network):
    settings.FILES_MAX_UNCOMPRESSED_BYTES = 5 * 1024 * 1024
    bomb = samples.docx(padding_mb=20)
    assert len(bomb) < 200_000
    refusal = _refused(coordinator, network, upload("courrier.docx", bomb), "tests.document")
    assert "bombe de décompression" in refusal.message


def test_it_refuses_an_office_document_with_macros(coordinator, network):
    with_macros = samples.docx({"word/vbaProject.bin": b"\x00" * 100})
    refusal = _refused(coordinator, network, upload("courrier.docx", with_macros), "tests.document")
    assert "macros" in refusal.message


def test_it_keeps_a_normal_office_document(coordinator, network):
    stored = _store(coordinator, network, upload("courrier.docx", samples.docx()), "tests.document")
    assert stored.content_type.endswith("wordprocessingml.document")


def test_an_unknown_usage_is_a_programming_error(coordinator, network):
    with pytest.raises(LookupError):
        _store(coordinator, network, upload("a.pdf", samples.pdf()), "nowhere.attachment")


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("../../etc/passwd.pdf", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\moi\\scan", "application/pdf", "scan.pdf"),
        ("photo.JPG", "image/jpeg", "photo.JPG"),
        ("bad\x00name\n.png", "image/png", "badname.png"),
        ("", "application/pdf", "fichier.pdf"),
    ],
)
def test_it_cleans_the_name_kept_for_downloads(name, content_type, expected):
    assert clean_name(name, content_type) == expected
