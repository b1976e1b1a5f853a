"""Networks (réseaux de santé, DAC…) and the thematics they work in."""

from django.core.exceptions import ValidationError
from django.db import models
from stdnum.fr import siret as stdnum_siret

from maillage.core.models import BaseModel


class Thematic(models.Model):
    """A field of work: cancérologie, soins palliatifs, gérontologie… (shared list)."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField("libellé", max_length=120)

    class Meta:
        ordering = ["label"]
        verbose_name = "thématique"

    def __str__(self) -> str:
        return self.label


class NetworkKind(models.TextChoices):
    RESEAU = "reseau", "Réseau de santé"
    DAC = "dac", "DAC"
    PTA = "pta", "PTA"
    CTA = "cta", "CTA"
    MAIA = "maia", "MAIA"
    CLIC = "clic", "CLIC"


def validate_siret(value: str) -> None:
    if value and not stdnum_siret.is_valid(value):
        raise ValidationError("SIRET invalide : 14 chiffres dont la clé de contrôle (Luhn).")


def validate_finess(value: str) -> None:
    from maillage.core.identifiers import finess_is_valid

    if value and not finess_is_valid(value):
        raise ValidationError("FINESS invalide : 9 caractères dont la clé de contrôle.")


class Network(BaseModel):
    """A coordination structure using Maillage. Every patient record belongs to exactly one."""

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField("type", max_length=10, choices=NetworkKind.choices)
    finess = models.CharField("FINESS", max_length=9, blank=True, validators=[validate_finess])
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    address = models.CharField("adresse", max_length=250, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("ville", max_length=120, blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("courriel", blank=True)
    website = models.URLField("site web", blank=True)
    thematics = models.ManyToManyField(Thematic, blank=True, related_name="networks")
    is_active = models.BooleanField("actif", default=True)
    # Per-network thresholds used by the security watch and the single entry point.
    record_views_alert_per_hour = models.PositiveIntegerField(
        "alerte : dossiers ouverts par heure", default=40
    )
    request_target_delay_hours = models.PositiveIntegerField(
        "délai cible de premier contact (heures)", default=48
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "réseau"

    def __str__(self) -> str:
        return self.name


class Coverage(BaseModel):
    """One piece of a network's territory: a commune, or a whole département, for one thematic.

    Exactly one of `commune` / `departement` is set. Routing ("which network covers commune X for
    thematic Y") goes through `maillage.networks.selectors.networks_covering` only.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="coverages")
    thematic = models.ForeignKey(Thematic, on_delete=models.PROTECT, related_name="coverages")
    commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coverages",
    )
    departement = models.CharField("département", max_length=3, blank=True, db_index=True)

    class Meta:
        verbose_name = "couverture"
        ordering = ["network", "thematic", "departement", "commune"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(commune__isnull=False) & models.Q(departement=""))
                | (models.Q(commune__isnull=True) & ~models.Q(departement="")),
                name="coverage_commune_xor_departement",
            ),
            models.UniqueConstraint(
                fields=["network", "thematic", "commune"],
                condition=models.Q(commune__isnull=False),
                name="unique_coverage_commune",
            ),
            models.UniqueConstraint(
                fields=["network", "thematic", "departement"],
                condition=~models.Q(departement=""),
                name="unique_coverage_departement",
            ),
        ]
        indexes = [models.Index(fields=["thematic", "commune"])]

    def __str__(self) -> str:
        where = f"département {self.departement}" if self.departement else str(self.commune)
        return f"{self.network} — {self.thematic} — {where}"
