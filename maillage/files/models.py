"""Uploaded files: what was received, what it really is, and whether the antivirus cleared it."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models

from maillage.core.models import BaseModel
from maillage.retention.models import ArchivableModel


class ScanStatus(models.TextChoices):
    PENDING = "pending", "En attente d'analyse"
    CLEAN = "clean", "Sain"
    INFECTED = "infected", "Infecté"
    REFUSED = "refused", "Refusé"


def _storage_name() -> str:
    return uuid.uuid4().hex


class StoredFile(ArchivableModel, BaseModel):
    """One uploaded file, kept outside any URL under settings.PRIVATE_FILES_ROOT.

    The bytes are named by a random UUID (`storage_name`), never by the name the user gave. A file
    waits in quarantine until the antivirus says it is clean; only clean files are served, by
    `files:download`, after the owner app's access function says yes. The owner is any record,
    named by its type ("app_label.model") and public id (no foreign key: every app may own files).
    """

    owner_type = models.CharField("type du propriétaire", max_length=80, blank=True)
    owner_public_id = models.UUIDField("identifiant du propriétaire", null=True, blank=True)
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stored_files",
        verbose_name="réseau",
    )
    use = models.CharField("usage", max_length=80)
    original_name = models.CharField("nom d'origine", max_length=255)
    content_type = models.CharField("type détecté", max_length=120)
    size = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    storage_name = models.CharField(max_length=64, unique=True, default=_storage_name)
    scan_status = models.CharField(
        "analyse antivirus", max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    scan_signature = models.CharField("signature détectée", max_length=200, blank=True)
    scanned_at = models.DateTimeField("analysé le", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposé par",
    )

    class Meta:
        verbose_name = "fichier déposé"
        verbose_name_plural = "fichiers déposés"
        indexes = [
            models.Index(fields=["owner_type", "owner_public_id"]),
            models.Index(fields=["network", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_type="", owner_public_id__isnull=True)
                | (~models.Q(owner_type="") & models.Q(owner_public_id__isnull=False)),
                name="stored_file_owner_type_and_id_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.use} {self.public_id}"

    @property
    def is_clean(self) -> bool:
        return self.scan_status == ScanStatus.CLEAN

    @property
    def path(self) -> Path:
        """Where the bytes are: the store once clean, the quarantine before."""
        from maillage.files import storage

        return storage.path_for(self)
