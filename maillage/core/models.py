"""Base model shared by every app."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """Every domain row: a public UUID for URLs and audit, never the database id; timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CogType(models.TextChoices):
    COM = "COM", "Commune"
    COMD = "COMD", "Commune déléguée"
    COMA = "COMA", "Commune associée"
    ARM = "ARM", "Arrondissement municipal"


class Commune(BaseModel):
    """A commune of the INSEE Code officiel géographique (COG), keyed by its INSEE code.

    Delegated or associated communes (COMD/COMA) and the arrondissements of Paris, Lyon and
    Marseille (ARM) point at their parent commune. A COMD sharing its code with its commune
    nouvelle is folded into that commune (its name kept in `other_names` for search).
    A commune that vanishes from a later COG is kept with `is_current=False`, never deleted,
    so nothing linked to it is lost.
    """

    insee_code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=120)
    search_name = models.CharField("nom normalisé", max_length=120, db_index=True)
    other_names = models.CharField("autres noms (normalisés)", max_length=500, blank=True)
    departement = models.CharField("département", max_length=3, blank=True, db_index=True)
    region = models.CharField("région", max_length=2, blank=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    cog_type = models.CharField("type COG", max_length=4, choices=CogType.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="commune de rattachement",
    )
    is_current = models.BooleanField("présente dans le COG en vigueur", default=True)

    class Meta:
        ordering = ["search_name", "insee_code"]
        verbose_name = "commune"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | (models.Q(latitude__gte=-90) & models.Q(latitude__lte=90)),
                name="commune_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | (models.Q(longitude__gte=-180) & models.Q(longitude__lte=180)),
                name="commune_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"

    @property
    def postal_code_list(self) -> list[str]:
        """Postal codes, sorted; uses the prefetch cache when `postal_codes` was prefetched."""
        return sorted({p.code for p in self.postal_codes.all()})

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class CommunePostalCode(models.Model):
    """One postal code of a commune (La Poste base officielle). A code may serve several communes
    and a commune may have several codes; kept as rows so both engines index the lookup."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")
    code = models.CharField("code postal", max_length=5, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "code postal"
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="unique_commune_postal_code")
        ]

    def __str__(self) -> str:
        return self.code
