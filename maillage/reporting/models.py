"""Activité: CPOM targets. Every figure of the report is computed from recorded work; only the
targets agreed with the ARS in the CPOM are entered here (once per indicator and year)."""

from django.conf import settings
from django.db import models

from maillage.core.models import BaseModel


class CpomTarget(BaseModel):
    """The target of one indicator (a key of `docs/indicators.md`) for one year of a network's
    CPOM (contrat pluriannuel d'objectifs et de moyens), shown beside the actual figure."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="cpom_targets"
    )
    indicator_key = models.CharField("indicateur", max_length=120)
    year = models.PositiveSmallIntegerField("année")
    target = models.DecimalField("objectif", max_digits=12, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "objectif CPOM"
        verbose_name_plural = "objectifs CPOM"
        ordering = ["network", "year", "indicator_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "indicator_key", "year"], name="cpom_target_once_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="cpom_target_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_key} {self.year}"
