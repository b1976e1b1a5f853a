"""Referrals of patients to support care, their entitlement under the quota, sessions,
exceptions and monthly statements.

A referral needs a patient record and the patient's consent, not a coordination enrolment. The
`Entitlement` is the patient's running count under one funding line: the row every recording of
a held session locks (`select_for_update`), so two recordings never both take the last session.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from maillage.core.models import BaseModel
from maillage.supportcare.models.choices import (
    ActKind,
    PrescriberRole,
    SupportKind,
    TreatmentPhase,
)

MONEY = {"max_digits": 10, "decimal_places": 2}


class Entitlement(BaseModel):
    """A patient's right under one funding line: opened by the first referral, its window starts
    at the first held session (for rules counted in months) and it is closed once expired."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="support_entitlements"
    )
    funding_line = models.ForeignKey(
        "supportcare.FundingLine", on_delete=models.PROTECT, related_name="entitlements"
    )
    opened_on = models.DateField("ouvert le")
    starts_on = models.DateField("première séance le", null=True, blank=True)
    ends_on = models.DateField("droit valable jusqu'au", null=True, blank=True)
    used_sessions = models.PositiveIntegerField("séances réalisées", default=0)
    used_amount = models.DecimalField("montant consommé", default=Decimal("0.00"), **MONEY)
    is_closed = models.BooleanField("clos", default=False)

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = "droit ouvert"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "funding_line"],
                condition=Q(is_closed=False),
                name="entitlement_one_open_per_patient_and_line",
            ),
            models.CheckConstraint(
                condition=Q(used_amount__gte=0), name="entitlement_used_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=False),
                name="entitlement_end_needs_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Droit du {self.opened_on:%d/%m/%Y}"


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposée"
    ACCEPTED = "accepted", "Acceptée par le patient"
    IN_PROGRESS = "in_progress", "En cours"
    COMPLETED = "completed", "Terminée"
    STOPPED = "stopped", "Arrêtée"


OPEN_REFERRAL_STATUSES = (
    ReferralStatus.PROPOSED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.IN_PROGRESS,
)


class SupportCareReferral(BaseModel):
    """A patient referred to one kind of support care, paid by one funding line, with the
    evidence of eligibility (the prescription file kept by the uploads service), the sessions
    granted and the chosen provider."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="support_referrals"
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="support_referrals"
    )
    funding_line = models.ForeignKey(
        "supportcare.FundingLine", on_delete=models.PROTECT, related_name="referrals"
    )
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField("soin de support", max_length=20, choices=SupportKind.choices)
    provider = models.ForeignKey(
        "supportcare.Provider",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name="intervenant choisi",
    )
    status = models.CharField(
        "statut", max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    referred_on = models.DateField("date de l'orientation")
    # Evidence of eligibility.
    thematic = models.ForeignKey(
        "networks.Thematic", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diagnosis = models.CharField("diagnostic", max_length=300, blank=True)
    treatment_phase = models.CharField(
        "phase de traitement", max_length=20, choices=TreatmentPhase.choices
    )
    treatment_ended_on = models.DateField("fin du traitement", null=True, blank=True)
    has_ald = models.BooleanField("en affection de longue durée (ALD)", default=False)
    commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune de résidence",
    )
    prescriber_name = models.CharField("prescripteur", max_length=200, blank=True)
    prescriber_role = models.CharField(
        "qualité du prescripteur", max_length=20, choices=PrescriberRole.choices, blank=True
    )
    prescribed_on = models.DateField("date de prescription", null=True, blank=True)
    prescription = models.ForeignKey(
        "files.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="prescription (fichier)",
    )
    sessions_granted = models.PositiveSmallIntegerField(
        "séances accordées", validators=[MinValueValidator(1)]
    )
    granted_amount = models.DecimalField(
        "montant engagé", validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    rule = models.ForeignKey(
        "supportcare.RuleVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="règles appliquées",
    )
    stop_reason = models.TextField("motif d'arrêt", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        verbose_name = "orientation en soins de support"
        verbose_name_plural = "orientations en soins de support"
        indexes = [
            models.Index(fields=["network", "status"]),
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["funding_line", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_granted__gte=1), name="referral_at_least_one_session"
            ),
            models.CheckConstraint(
                condition=~Q(status="stopped") | ~Q(stop_reason=""),
                name="referral_stop_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__gte=0), name="referral_granted_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.referred_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES


class ReferralTransition(models.Model):
    """One change of a referral's status: who, when, why (kept forever)."""

    referral = models.ForeignKey(
        SupportCareReferral, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "changement de statut"

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Programmée"
    HELD = "held", "Réalisée"
    MISSED_EXCUSED = "missed_excused", "Absence excusée"
    MISSED_UNEXCUSED = "missed_unexcused", "Absence non excusée"
    CANCELLED = "cancelled", "Annulée"


class SupportSession(BaseModel):
    """One support-care session. Once held it carries its act, its price and the rule version
    it was valued under, frozen; it then belongs to the provider's statement of its month."""

    referral = models.ForeignKey(
        SupportCareReferral, on_delete=models.PROTECT, related_name="sessions"
    )
    provider = models.ForeignKey(
        "supportcare.Provider", on_delete=models.PROTECT, related_name="sessions"
    )
    day = models.DateField("date")
    start_time = models.TimeField("heure", null=True, blank=True)
    place = models.ForeignKey(
        "supportcare.ProviderPlace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lieu",
    )
    status = models.CharField(
        "statut", max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    act_kind = models.CharField("acte", max_length=20, choices=ActKind.choices, blank=True)
    price = models.DecimalField("montant", null=True, blank=True, **MONEY)
    rule = models.ForeignKey(
        "supportcare.RuleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    statement = models.ForeignKey(
        "supportcare.Statement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("remarque (sans donnée médicale)", max_length=300, blank=True)

    class Meta:
        ordering = ["day", "start_time", "id"]
        verbose_name = "séance"
        indexes = [
            models.Index(fields=["provider", "day", "status"]),
            models.Index(fields=["referral", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status="held")
                    & Q(price__isnull=False)
                    & Q(price__gt=0)
                    & Q(rule__isnull=False)
                    & ~Q(act_kind="")
                )
                | (~Q(status="held") & Q(price__isnull=True) & Q(statement__isnull=True)),
                name="session_held_is_priced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} le {self.day:%d/%m/%Y}"


class QuotaException(BaseModel):
    """Sessions or money beyond the rule, granted on one referral by the medical lead or the
    director, with a reason (audited)."""

    referral = models.ForeignKey(
        SupportCareReferral, on_delete=models.PROTECT, related_name="exceptions"
    )
    extra_sessions = models.PositiveSmallIntegerField("séances supplémentaires", default=0)
    extra_amount = models.DecimalField("montant supplémentaire", default=Decimal("0"), **MONEY)
    reason = models.TextField("motif")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_role = models.CharField("rôle", max_length=20)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "dérogation"
        constraints = [
            models.CheckConstraint(
                condition=Q(extra_sessions__gt=0) | Q(extra_amount__gt=0),
                name="quota_exception_grants_something",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="quota_exception_has_reason"),
            models.CheckConstraint(
                condition=Q(extra_amount__gte=0), name="quota_exception_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Dérogation du {self.created_at:%d/%m/%Y}"


class StatementStatus(models.TextChoices):
    ISSUED = "issued", "Émis"
    PAID = "paid", "Payé"


class Statement(BaseModel):
    """A provider's monthly statement: the sessions held that month, their total; paid later."""

    provider = models.ForeignKey(
        "supportcare.Provider", on_delete=models.PROTECT, related_name="statements"
    )
    month = models.DateField("mois")  # first day of the month
    status = models.CharField(
        max_length=10, choices=StatementStatus.choices, default=StatementStatus.ISSUED
    )
    session_count = models.PositiveIntegerField("séances")
    total = models.DecimalField("total", **MONEY)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField("payé le", null=True, blank=True)
    paid_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = "relevé mensuel"
        constraints = [
            models.UniqueConstraint(fields=["provider", "month"], name="statement_one_per_month"),
            models.CheckConstraint(
                condition=(Q(status="paid") & Q(paid_on__isnull=False))
                | (Q(status="issued") & Q(paid_on__isnull=True)),
                name="statement_paid_has_date",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="statement_total_positive"),
        ]

    def __str__(self) -> str:
        return f"Relevé {self.month:%m/%Y} — {self.provider}"
