"""Funding lines and their rules, kept as dated, versioned data (never constants in code).

A `FundingLine` is one envelope of money for one period (an ARS/FIR grant, a national scheme, a
foundation…). What it pays, to whom and how much is a `RuleVersion`: eligibility, the amount cap
per patient, its `ActPrice` rows (price per kind of support care and kind of act) and its
`QuotaLimit` rows (sessions per kind, or per group of kinds, per patient and period). A price
change in the middle of a period is a new version starting on the day of the change; versions are
never edited once created, so every session keeps the price it was valued at.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from maillage.core.models import BaseModel
from maillage.supportcare.models.choices import (
    ActKind,
    Funder,
    SupportKind,
    TreatmentCondition,
)

MONEY = {"max_digits": 10, "decimal_places": 2}


class FundingLine(BaseModel):
    """An envelope that pays support care for one period, with its budget and alert threshold."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="funding_lines"
    )
    name = models.CharField("intitulé", max_length=200)
    funder = models.CharField("financeur", max_length=10, choices=Funder.choices)
    funder_name = models.CharField(
        "nom du financeur",
        max_length=200,
        blank=True,
        help_text="Par exemple : ARS Pays de la Loire.",
    )
    reference = models.CharField("référence (convention, arrêté)", max_length=200, blank=True)
    starts_on = models.DateField("début de la période")
    ends_on = models.DateField("fin de la période")
    budget = models.DecimalField(
        "budget de la période (€)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    alert_percent = models.PositiveSmallIntegerField(
        "seuil d'alerte (% du budget engagé)", default=80
    )
    is_active = models.BooleanField("active", default=True)
    notes = models.TextField("notes", blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = "ligne de financement"
        verbose_name_plural = "lignes de financement"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="funding_line_period_order"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="funding_line_budget_positive"),
            models.CheckConstraint(
                condition=Q(alert_percent__gte=1) & Q(alert_percent__lte=100),
                name="funding_line_alert_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RuleVersion(BaseModel):
    """The rules of a funding line from `valid_from` to `valid_to` (open-ended when empty).

    Immutable once created: a change of price or of eligibility is a new version (see
    `services.rule_version_create`), which closes the previous one the day before.
    """

    funding_line = models.ForeignKey(
        FundingLine, on_delete=models.PROTECT, related_name="rule_versions"
    )
    number = models.PositiveSmallIntegerField("version")
    valid_from = models.DateField("en vigueur à partir du")
    valid_to = models.DateField("en vigueur jusqu'au", null=True, blank=True)
    thematic = models.ForeignKey(
        "networks.Thematic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thématique exigée",
    )
    treatment_condition = models.CharField(
        "phase de traitement exigée",
        max_length=20,
        choices=TreatmentCondition.choices,
        default=TreatmentCondition.ANY,
    )
    after_treatment_months = models.PositiveSmallIntegerField(
        "délai après la fin du traitement (mois)",
        null=True,
        blank=True,
        help_text="Nombre de mois après la fin du traitement pendant lesquels la prescription "
        "reste possible.",
    )
    min_age = models.PositiveSmallIntegerField("âge minimal", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("âge maximal", null=True, blank=True)
    requires_coverage = models.BooleanField(
        "commune du patient sur le territoire du réseau", default=True
    )
    requires_prescription = models.BooleanField("prescription médicale exigée", default=False)
    requires_ald = models.BooleanField(
        "affection de longue durée (exonération du ticket modérateur) exigée", default=False
    )
    prescriber_roles = models.JSONField(
        "prescripteurs admis", default=list, blank=True, help_text="Vide : tout médecin."
    )
    amount_cap = models.DecimalField(
        "plafond par patient et par période (€)",
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        **MONEY,
    )
    entitlement_months = models.PositiveSmallIntegerField(
        "durée du droit à compter de la première séance (mois)",
        null=True,
        blank=True,
        help_text="Vide : le droit court sur la période de la ligne de financement.",
    )
    source = models.TextField("texte de référence", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["funding_line", "-valid_from"]
        verbose_name = "version des règles"
        verbose_name_plural = "versions des règles"
        constraints = [
            models.UniqueConstraint(
                fields=["funding_line", "number"], name="rule_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["funding_line", "valid_from"], name="rule_version_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="rule_version_validity_order",
            ),
            models.CheckConstraint(
                condition=Q(amount_cap__isnull=True) | Q(amount_cap__gte=0),
                name="rule_version_amount_cap_positive",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="rule_version_age_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funding_line} — version {self.number}"

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ActPrice(models.Model):
    """The price the line pays for one act of one kind of support care, under one version."""

    rule = models.ForeignKey(RuleVersion, on_delete=models.CASCADE, related_name="prices")
    kind = models.CharField("soin de support", max_length=20, choices=SupportKind.choices)
    act_kind = models.CharField("acte", max_length=20, choices=ActKind.choices)
    amount = models.DecimalField(
        "tarif (€)", validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )

    class Meta:
        ordering = ["kind", "act_kind"]
        verbose_name = "tarif"
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "kind", "act_kind"], name="act_price_unique_per_rule"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="act_price_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_act_kind_display()} : {self.amount} €"


class QuotaLimit(models.Model):
    """At most `max_sessions` held acts per patient and entitlement period, counted over one or
    several kinds (e.g. 6 follow-ups, dietetic or psychological together), for one kind of act
    or for every act when `act_kind` is empty."""

    rule = models.ForeignKey(RuleVersion, on_delete=models.CASCADE, related_name="limits")
    kinds = models.JSONField("soins de support comptés ensemble", default=list)
    act_kind = models.CharField("acte compté", max_length=20, choices=ActKind.choices, blank=True)
    max_sessions = models.PositiveSmallIntegerField(
        "nombre maximal", validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "limite de séances"
        constraints = [
            models.CheckConstraint(
                condition=Q(max_sessions__gte=1), name="quota_limit_at_least_one"
            )
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        valid = set(SupportKind.values)
        if not self.kinds or not set(self.kinds) <= valid:
            raise ValidationError({"kinds": "Choisissez au moins un soin de support."})

    @property
    def description(self) -> str:
        kinds = " ou ".join(SupportKind(k).label for k in self.kinds)
        act = ActKind(self.act_kind).label if self.act_kind else "Toute séance"
        return f"{act} ({kinds}) : {self.max_sessions} au plus"
