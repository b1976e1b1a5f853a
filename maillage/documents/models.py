"""Information documents of a network (with versions) and the settings of its public site.

A `Document` has versions: each is an uploaded file (kept by the uploads service, named here by
its public id) or a page written in Markdown (kept with its cleaned HTML). Publishing a version
makes it the current one; the others stay as history. Nothing here is about patients.
"""

from django.conf import settings
from django.db import models

from maillage.core.models import BaseModel


class DocumentCategory(models.TextChoices):
    PATHOLOGY_SHEET = "pathology_sheet", "Fiche pathologie"
    PPS_MODEL = "pps_model", "Modèle de PPS"
    LIAISON_SHEET = "liaison_sheet", "Fiche de liaison"
    PROTOCOL = "protocol", "Protocole organisationnel"
    PATIENT_GUIDE = "patient_guide", "Guide pour les patients et les aidants"
    DIRECTORY_EXTRACT = "directory_extract", "Extrait d'annuaire"
    OTHER = "other", "Autre document"


class Audience(models.TextChoices):
    PROFESSIONALS = "professionals", "Professionnels"
    PATIENTS = "patients", "Patients et familles"
    INTERNAL = "internal", "Interne à l'équipe"


PUBLIC_AUDIENCES = (Audience.PROFESSIONALS, Audience.PATIENTS)


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"
    ARCHIVED = "archived", "Retiré"


class Document(BaseModel):
    """A document of a network's library. Public (on the site) when published and not internal."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField("titre", max_length=200)
    summary = models.CharField("résumé", max_length=300, blank=True)
    category = models.CharField("catégorie", max_length=20, choices=DocumentCategory.choices)
    audience = models.CharField("public visé", max_length=15, choices=Audience.choices)
    thematics = models.ManyToManyField(
        "networks.Thematic", blank=True, related_name="documents", verbose_name="thématiques"
    )
    status = models.CharField(
        "statut", max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="version en vigueur",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "document"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(current_version__isnull=False),
                name="document_published_has_current_version",
            ),
            models.CheckConstraint(
                condition=models.Q(audience__in=["professionals", "patients", "internal"]),
                name="document_audience_valid",
            ),
        ]
        indexes = [models.Index(fields=["network", "status", "audience"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED and self.audience in PUBLIC_AUDIENCES


class VersionKind(models.TextChoices):
    FILE = "file", "Fichier déposé"
    PAGE = "page", "Page rédigée (Markdown)"


class DocumentVersion(BaseModel):
    """One version of a document: a file from the uploads service or a Markdown page."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("numéro")
    kind = models.CharField("nature", max_length=4, choices=VersionKind.choices)
    body_markdown = models.TextField("texte (Markdown)", blank=True)
    body_html = models.TextField("texte mis en forme (nettoyé)", blank=True)
    # The stored file (maillage.files) owned by this version, named by its public id.
    file_public_id = models.UUIDField("fichier", null=True, blank=True)
    file_name = models.CharField("nom du fichier", max_length=255, blank=True)
    file_content_type = models.CharField("type du fichier", max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField("taille (octets)", null=True, blank=True)
    change_note = models.CharField("ce qui change", max_length=300, blank=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "version de document"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="unique_document_version_number"
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="file") & models.Q(file_public_id__isnull=False))
                | (models.Q(kind="page") & ~models.Q(body_markdown="")),
                name="document_version_has_content",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} — version {self.number}"


class PublicSiteSettings(BaseModel):
    """What a network shows on its public site. Without a row, the defaults apply (site on,
    partner directory off)."""

    network = models.OneToOneField(
        "networks.Network", on_delete=models.CASCADE, related_name="public_site"
    )
    is_published = models.BooleanField("site public en ligne", default=True)
    tagline = models.CharField("accroche", max_length=200, blank=True)
    meta_description = models.CharField(
        "description pour les moteurs de recherche", max_length=160, blank=True
    )
    missions = models.TextField("nos missions (Markdown)", blank=True)
    missions_html = models.TextField(blank=True)
    how_to_get_help = models.TextField("comment nous solliciter", blank=True)
    publish_directory = models.BooleanField(
        "publier la recherche de nos partenaires et ressources", default=False
    )

    class Meta:
        verbose_name = "réglages du site public"

    def __str__(self) -> str:
        return f"Site public — {self.network}"


class PublicContact(BaseModel):
    """A team contact shown on the public site (a role, a name, a professional phone/email)."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="public_contacts"
    )
    name = models.CharField("nom", max_length=150)
    role = models.CharField("fonction", max_length=150)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("courriel", blank=True)
    position = models.PositiveSmallIntegerField("ordre d'affichage", default=0)

    class Meta:
        verbose_name = "contact public"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"
