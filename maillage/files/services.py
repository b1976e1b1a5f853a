"""The one way to keep an uploaded file: `store_upload()`.

    stored = store_upload(actor=request.user, network=request.network,
                          uploaded_file=form.cleaned_data["attachment"], use="intake.attachment",
                          owner=support_request)

Steps: size cap of the usage (before reading), antivirus (clamd; fail closed unless
settings.CLAMD_REQUIRED is off), type from the content (libmagic), the checks of that type (PDF
without active content, images re-encoded without metadata, office documents without bomb or
macros), then the bytes are written under a random name, in quarantine until the antivirus
cleared them. Any refusal raises `UploadRefused` (a ValidationError with a French message) and
nothing is kept.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from maillage.audit import record
from maillage.files import clamd, storage
from maillage.files.inspection import UploadRefused, check_type, sanitise
from maillage.files.models import ScanStatus, StoredFile
from maillage.files.registry import KNOWN_TYPES, Usage, get_usage

logger = logging.getLogger(__name__)

__all__ = ["UploadRefused", "store_upload", "stored_file_attach", "stored_files_rescan"]


def _too_large(usage: Usage) -> UploadRefused:
    return UploadRefused(
        f"Fichier trop volumineux ({usage.max_label} au maximum).", code="too_large"
    )


def clean_name(name: str, content_type: str | None = None) -> str:
    """The name shown and used for downloads: no folders, no control characters, the extension of
    the detected type."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    base = re.sub(r"\s+", " ", base).strip(" .") or "fichier"
    if content_type in KNOWN_TYPES:
        suffixes = KNOWN_TYPES[content_type][1]
        if PurePath(base).suffix.lower() not in suffixes:
            base = f"{base}{sorted(suffixes)[0]}"
    stem, suffix = PurePath(base).stem, PurePath(base).suffix
    return stem[: 200 - len(suffix)] + suffix


def _read(uploaded_file, usage: Usage) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > usage.max_bytes:
        raise _too_large(usage)  # refused before a single byte is read
    uploaded_file.seek(0)
    content = uploaded_file.read(usage.max_bytes + 1)
    if len(content) > usage.max_bytes:
        raise _too_large(usage)
    if not content:
        raise UploadRefused("Le fichier est vide : choisissez un autre fichier.", code="empty")
    return content


def _scan(content: bytes) -> clamd.ScanResult | None:
    """The antivirus verdict; None when clamd is unreachable and not required (development)."""
    try:
        return clamd.scan_bytes(content)
    except clamd.ClamdUnavailable:
        if settings.CLAMD_REQUIRED:
            logger.error("antivirus unavailable: upload refused", extra={"event": "files.clamd"})
            raise UploadRefused(
                "L'analyse antivirus est momentanément indisponible : le fichier n'a pas été "
                "enregistré. Réessayez dans quelques minutes.",
                code="unavailable",
            ) from None
        logger.warning("antivirus unavailable: file kept in quarantine", extra={"event": "files"})
        return None


def _refused(refusal: UploadRefused, *, actor, network, usage: Usage, size: int) -> None:
    logger.warning(
        "upload refused", extra={"event": f"files.upload.refused.{refusal.code}", "count": size}
    )
    record(
        "files.upload.refused",
        actor=actor,
        network=network,
        details={"use": usage.code, "reason": refusal.code, "size": size},
    )


def store_upload(*, actor, network, uploaded_file, use: str, owner=None) -> StoredFile:
    """Checks, scans and keeps one uploaded file for the usage `use` (see registry)."""
    usage = get_usage(use)
    size = getattr(uploaded_file, "size", 0) or 0
    try:
        content = _read(uploaded_file, usage)
        verdict = _scan(content)
        if verdict is not None and not verdict.clean:
            raise UploadRefused(
                "Fichier infecté : l'antivirus y a détecté un logiciel malveillant "
                f"({verdict.signature}). Il a été refusé et n'a pas été enregistré.",
                code="infected",
            )
        content_type = check_type(content, uploaded_file.name or "", usage)
        kept = sanitise(content, content_type)
    except UploadRefused as refusal:
        _refused(refusal, actor=actor, network=network, usage=usage, size=size)
        raise
    return _keep(
        actor=actor,
        network=network,
        usage=usage,
        name=clean_name(uploaded_file.name, content_type),
        content_type=content_type,
        content=kept,
        clean=verdict is not None,
        owner=owner,
    )


def _keep(*, actor, network, usage, name, content_type, content, clean, owner) -> StoredFile:
    stored = StoredFile(
        network=network,
        use=usage.code,
        original_name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        scan_status=ScanStatus.PENDING,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    if owner is not None:
        stored.owner_type = owner._meta.label_lower
        stored.owner_public_id = owner.public_id
    storage.write(storage.QUARANTINE, stored.storage_name, content)
    try:
        if clean:
            storage.release(stored.storage_name)
            stored.scan_status = ScanStatus.CLEAN
            stored.scanned_at = timezone.now()
        with transaction.atomic():
            stored.save(force_insert=True)
            record(
                "files.file.uploaded",
                actor=actor,
                network=network,
                target=stored,
                details={
                    "use": usage.code,
                    "content_type": content_type,
                    "size": stored.size,
                    "sha256": stored.sha256,
                    "scan_status": stored.scan_status,
                },
            )
    except BaseException:
        storage.delete(stored.storage_name)
        raise
    return stored


@transaction.atomic
def stored_file_attach(*, actor, stored_file: StoredFile, owner) -> StoredFile:
    """Names the record that owns a file uploaded before that record existed."""
    stored_file.owner_type = owner._meta.label_lower
    stored_file.owner_public_id = owner.public_id
    stored_file.save(update_fields=["owner_type", "owner_public_id", "updated_at"])
    record("files.file.attached", actor=actor, network=stored_file.network, target=stored_file)
    return stored_file


def stored_file_purge(stored_file: StoredFile) -> None:
    """Deletes the row and the bytes (retention, network purge)."""
    storage_name = stored_file.storage_name
    StoredFile.all_objects.filter(pk=stored_file.pk).delete()
    transaction.on_commit(lambda: storage.delete(storage_name))


def stored_files_discard(stored_files) -> None:
    """Deletes the bytes of files kept in a transaction that is rolling back (their rows go
    with it): for callers that keep several uploads all or nothing."""
    for stored_file in stored_files:
        storage.delete(stored_file.storage_name)


def stored_files_rescan() -> dict[str, int]:
    """Scans the files still in quarantine (kept while clamd was unreachable in development):
    clean ones are released, infected ones lose their bytes and say so."""
    counts = {"clean": 0, "infected": 0, "pending": 0}
    for stored in StoredFile.all_objects.filter(scan_status=ScanStatus.PENDING):
        try:
            content = stored.path.read_bytes()
            verdict = clamd.scan_bytes(content)
        except (OSError, clamd.ClamdUnavailable):
            counts["pending"] += 1
            continue
        with transaction.atomic():
            stored.scanned_at = timezone.now()
            if verdict.clean:
                storage.release(stored.storage_name)
                stored.scan_status = ScanStatus.CLEAN
                counts["clean"] += 1
            else:
                storage.delete(stored.storage_name)
                stored.scan_status = ScanStatus.INFECTED
                stored.scan_signature = verdict.signature
                counts["infected"] += 1
            stored.save(update_fields=["scan_status", "scan_signature", "scanned_at"])
            record(
                f"files.file.{stored.scan_status}",
                network=stored.network,
                target=stored,
                details={"signature": stored.scan_signature},
            )
    return counts
