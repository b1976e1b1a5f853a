"""Reads of stored files."""

from django.conf import settings

from maillage.files.models import ScanStatus, StoredFile


def servable_statuses() -> list[str]:
    """Clean files only; in development without an antivirus (CLAMD_REQUIRED off) the files
    kept in quarantine are served too, so that the application stays usable."""
    if settings.CLAMD_REQUIRED:
        return [ScanStatus.CLEAN]
    return [ScanStatus.CLEAN, ScanStatus.PENDING]


def stored_file_get_servable(public_id) -> StoredFile | None:
    """An active (not archived), servable file attached to an owner, or None."""
    return (
        StoredFile.objects.select_related("network")
        .filter(public_id=public_id, scan_status__in=servable_statuses())
        .exclude(owner_type="")
        .first()
    )


def stored_files_for_owner(owner) -> list[StoredFile]:
    return list(
        StoredFile.objects.filter(
            owner_type=owner._meta.label_lower, owner_public_id=owner.public_id
        ).order_by("created_at")
    )
