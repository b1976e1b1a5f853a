"""Annuaire: professionals and their activity places, organisations, the networks' resources.

The directory is shared by every network (it describes the territory, not patients). What a
network adds about a professional (notes, partner flag, support-care convention) lives in
`ProfessionalNetworkInfo`, one row per network, and never leaves that network.
"""

from django.core.exceptions import ValidationError
from django.db import models

from maillage.core.identifiers import adeli_is_valid, finess_is_valid, rpps_is_valid
from maillage.core.models import BaseModel


def validate_finess(value: str) -> None:
    if value and not finess_is_valid(value):
        raise ValidationError("FINESS invalide : 9 caractères dont la clé de contrôle.")


def validate_siret(value: str) -> None:
    from stdnum.fr import siret

    if value and not siret.is_valid(value):
        raise ValidationError("SIRET invalide : 14 chiffres dont la clé de contrôle (Luhn).")


class IdType(models.TextChoices):
    """`Type d'identifiant PP` of the Annuaire Santé: 8 = RPPS, 0 = ADELI."""

    ADELI = "0", "ADELI"
    RPPS = "8", "RPPS"


class Source(models.TextChoices):
    IMPORT = "import", "Import d'un fichier national"
    MANUAL = "manual", "Saisie par un réseau"


class Specialty(models.Model):
    """A savoir-faire of the Annuaire Santé (specialty, competence, DESC…) or one typed by hand."""

    code = models.CharField("code", max_length=20, unique=True)
    label = models.CharField("libellé", max_length=200)
    kind_label = models.CharField("type de savoir-faire", max_length=120, blank=True)
    search_name = models.CharField(max_length=200, db_index=True)

    class Meta:
        ordering = ["label"]
        verbose_name = "savoir-faire"

    def __str__(self) -> str:
        return self.label


class Professional(BaseModel):
    """A person in the directory: imported from the Annuaire Santé (RPPS/ADELI) or created by a
    network (APA teacher, sophrologist…: no national identifier, never deactivated by imports)."""

    id_type = models.CharField(
        "type d'identifiant", max_length=1, choices=IdType.choices, blank=True
    )
    identifier = models.CharField("identifiant (RPPS ou ADELI)", max_length=11, blank=True)
    # "Identification nationale PP" = type + identifier; the upsert key of imports. Unique
    # through Meta.constraints (a field's unique=True adds a LIKE index no query uses); NULL,
    # not "", for hand-made professionals, so that they do not collide.
    national_id = models.CharField(  # noqa: DJ001
        "identification nationale", max_length=12, null=True, blank=True
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    civility = models.CharField("civilité", max_length=20, blank=True)
    practice_civility = models.CharField("civilité d'exercice", max_length=20, blank=True)
    last_name = models.CharField("nom d'exercice", max_length=120)
    first_name = models.CharField("prénom d'exercice", max_length=120, blank=True)
    search_name = models.CharField(max_length=250)  # indexed in Meta (no LIKE twin)
    profession_code = models.CharField("code profession", max_length=10, blank=True)
    # No index of its own: search matches professions in Python and filters on the code.
    profession = models.CharField("profession", max_length=120, blank=True)
    category_code = models.CharField("code catégorie", max_length=5, blank=True)
    category = models.CharField("catégorie professionnelle", max_length=60, blank=True)
    specialties = models.ManyToManyField(
        Specialty, blank=True, related_name="professionals", verbose_name="savoir-faire"
    )
    mssante_email = models.EmailField("messagerie sécurisée (MSSanté)", blank=True)
    is_active = models.BooleanField("actif", default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)
    # Hash of the file's fields this row was last imported from (PostgreSQL import): a
    # re-import reshapes and rewrites only the lines whose hash changed. NULL: compare the fields.
    import_hash = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["search_name"]
        verbose_name = "professionnel"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source="manual") | models.Q(national_id__isnull=False),
                name="professional_import_has_national_id",
            ),
            models.UniqueConstraint(fields=["national_id"], name="professional_national_id_key"),
        ]
        indexes = [
            models.Index(fields=["is_active", "profession_code"]),
            models.Index(fields=["search_name"], name="directory_pro_search_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        title = self.practice_civility or self.civility
        return " ".join(p for p in [title, self.first_name.title(), self.last_name] if p)

    @property
    def is_manual(self) -> bool:
        return self.source == Source.MANUAL

    def clean(self) -> None:
        if self.identifier:
            check = rpps_is_valid if self.id_type == IdType.RPPS else adeli_is_valid
            if not check(self.identifier):
                raise ValidationError({"identifier": "Identifiant invalide : clé de contrôle."})


class Activity(BaseModel):
    """One place where a professional practises (a row of PS_LibreAcces_Personne_activite).

    `contact_edited` is set when a network corrected the phone/email: imports then leave the
    contact fields alone, so the network's correction wins over the national file.
    """

    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="activities"
    )
    # Upsert key of imports: national id | structure technical id (| role code when present).
    # Unique through Meta.constraints (no LIKE index); NULL for hand-made places.
    import_key = models.CharField(max_length=80, null=True, blank=True)  # noqa: DJ001
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    mode_code = models.CharField("code mode d'exercice", max_length=5, blank=True)
    mode = models.CharField("mode d'exercice", max_length=60, blank=True)
    sector = models.CharField("secteur d'activité", max_length=120, blank=True)
    role = models.CharField("rôle", max_length=120, blank=True)
    structure_id = models.CharField(
        "identifiant technique de la structure", max_length=40, blank=True
    )
    siret = models.CharField("SIRET du site", max_length=14, blank=True)
    finess_site = models.CharField("FINESS du site", max_length=9, blank=True)
    finess_ej = models.CharField("FINESS juridique", max_length=9, blank=True)
    name = models.CharField("nom du site", max_length=250, blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    address_extra = models.CharField("complément d'adresse", max_length=250, blank=True)
    # Searches go through the commune; fewer indexes keep the national import fast.
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("ville", max_length=120, blank=True)
    commune_code = models.CharField("code commune", max_length=5, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        db_index=False,  # the (commune, is_active) index below serves the lookups
    )
    country = models.CharField("pays", max_length=60, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    phone2 = models.CharField("téléphone 2", max_length=30, blank=True)
    fax = models.CharField("télécopie", max_length=30, blank=True)
    email = models.CharField("courriel", max_length=254, blank=True)
    contact_edited = models.BooleanField("coordonnées corrigées par un réseau", default=False)
    is_active = models.BooleanField("active", default=True)
    # See Professional.import_hash.
    import_hash = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["professional", "name"]
        verbose_name = "lieu d'activité"
        verbose_name_plural = "lieux d'activité"
        indexes = [models.Index(fields=["commune", "is_active"])]
        constraints = [
            models.UniqueConstraint(fields=["import_key"], name="activity_import_key_key"),
        ]

    def __str__(self) -> str:
        return f"{self.professional} — {self.name or self.city}"


class ProfessionalNetworkInfo(BaseModel):
    """What one network adds about a professional. Never exported, never shown to others."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="professional_infos"
    )
    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="network_infos"
    )
    notes = models.TextField("notes du réseau", blank=True)
    is_partner = models.BooleanField("partenaire du réseau", default=False)
    support_care_convention = models.BooleanField(
        "convention soins de support signée", default=False
    )
    convention_signed_on = models.DateField(
        "date de signature de la convention", null=True, blank=True
    )

    class Meta:
        verbose_name = "informations du réseau sur un professionnel"
        constraints = [
            models.UniqueConstraint(
                fields=["network", "professional"], name="unique_professional_network_info"
            )
        ]

    def __str__(self) -> str:
        return f"{self.professional} ({self.network})"


class FinessKind(models.TextChoices):
    ET = "et", "Établissement (FINESS ET)"
    EJ = "ej", "Entité juridique (FINESS EJ)"


class Organisation(BaseModel):
    """A health, social or médico-social structure (FINESS ET or EJ) or one typed by hand."""

    finess = models.CharField(
        "FINESS", max_length=9, null=True, blank=True, unique=True, validators=[validate_finess]
    )
    kind = models.CharField("nature", max_length=2, choices=FinessKind.choices, default="et")
    finess_ej = models.CharField(
        "FINESS juridique", max_length=9, blank=True, db_index=True, validators=[validate_finess]
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    name = models.CharField("raison sociale", max_length=250)
    long_name = models.CharField("raison sociale longue", max_length=300, blank=True)
    search_name = models.CharField(max_length=300, db_index=True)
    category_code = models.CharField("code catégorie", max_length=10, blank=True)
    category = models.CharField("catégorie", max_length=200, blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    address_extra = models.CharField("complément d'adresse", max_length=250, blank=True)
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("ville", max_length=120, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    phone = models.CharField("téléphone", max_length=30, blank=True)
    fax = models.CharField("télécopie", max_length=30, blank=True)
    email = models.CharField("courriel", max_length=254, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    contact_edited = models.BooleanField("coordonnées corrigées par un réseau", default=False)
    is_active = models.BooleanField("active", default=True)
    opened_on = models.DateField("date d'ouverture", null=True, blank=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["search_name"]
        verbose_name = "structure"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | (models.Q(latitude__gte=-90) & models.Q(latitude__lte=90)),
                name="organisation_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | (models.Q(longitude__gte=-180) & models.Q(longitude__lte=180)),
                name="organisation_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspendue"
    CLOSED = "closed", "Fermée"


class Resource(BaseModel):
    """A service of the territory curated by a network (after Open Referral HSDS "service" and
    data·inclusion): what is offered, to whom, how to refer, where, when, and when last checked."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="resources"
    )
    name = models.CharField("nom du service", max_length=200)
    search_name = models.CharField(max_length=400, db_index=True)
    description = models.TextField("description", blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name="structure qui propose",
    )
    professional = models.ForeignKey(
        Professional,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name="professionnel qui propose",
    )
    thematics = models.ManyToManyField(
        "networks.Thematic", blank=True, related_name="resources", verbose_name="thématiques"
    )
    audience = models.CharField("public concerné", max_length=300, blank=True)
    eligibility = models.TextField("conditions d'accès", blank=True)
    how_to_refer = models.TextField("comment orienter", blank=True)
    referral_phone = models.CharField("téléphone pour orienter", max_length=30, blank=True)
    referral_email = models.EmailField("courriel pour orienter", blank=True)
    referral_url = models.URLField("formulaire en ligne", blank=True)
    area = models.ManyToManyField(
        "core.Commune", blank=True, related_name="resources", verbose_name="communes desservies"
    )
    opening_hours = models.CharField("horaires", max_length=300, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=ResourceStatus.choices, default=ResourceStatus.ACTIVE
    )
    checked_on = models.DateField("dernière vérification", null=True, blank=True)

    class Meta:
        ordering = ["search_name"]
        verbose_name = "ressource"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "suspended", "closed"]),
                name="resource_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ImportKind(models.TextChoices):
    COMMUNES = "communes", "Communes (COG, La Poste)"
    RPPS = "rpps", "Annuaire Santé (RPPS/ADELI)"
    FINESS = "finess", "FINESS"


class ImportRun(BaseModel):
    """One run of a national import, kept for the record: file, counts, outcome."""

    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    file_name = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    full_snapshot = models.BooleanField(default=False)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    deactivated = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, default="running")
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "import"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.file_name}"
