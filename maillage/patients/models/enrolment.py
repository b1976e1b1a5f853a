"""Enrolment (inclusion): the network follows the patient, from a start to a closure."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from maillage.core.models import BaseModel


class ClosureReason(models.TextChoices):
    STABILISED = "stabilised", "Situation stabilisée"
    HANDED_OVER = "handed_over", "Relais pris par un autre acteur"
    INSTITUTION = "institution", "Entrée en établissement"
    MOVED = "moved", "Déménagement"
    DEATH = "death", "Décès"
    REFUSAL = "refusal", "Refus du patient"
    OBJECTION = "objection", "Opposition du patient"
    MERGED = "merged", "Fusion de dossiers"


# The reasons a coordinator may choose (a merge closes enrolments by itself).
MANUAL_CLOSURE_REASONS = [c for c in ClosureReason if c != ClosureReason.MERGED]


class Enrolment(BaseModel):
    """One period of follow-up by the network, led by a coordinator. A re-enrolment is a new row:
    history is kept. At most one open enrolment per patient (database constraint)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="enrolments"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="enrolments"
    )
    lead_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_enrolments",
        verbose_name="coordinateur·rice référent·e",
    )
    thematics = models.ManyToManyField(
        "networks.Thematic", blank=True, related_name="enrolments", verbose_name="thématiques"
    )
    started_on = models.DateField("date d'inclusion")
    closed_on = models.DateField("date de clôture", null=True, blank=True)
    closed_reason = models.CharField(
        "motif de clôture", max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField("précisions sur la clôture", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "inclusion"
        ordering = ["-started_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(closed_on__isnull=True),
                name="one_open_enrolment_per_patient",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, closed_reason="")
                | Q(closed_on__isnull=False, closed_on__gte=F("started_on")) & ~Q(closed_reason=""),
                name="enrolment_closure_coherent",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "lead_coordinator", "closed_on"]),
            models.Index(fields=["patient", "closed_on"]),
        ]

    def __str__(self) -> str:
        return f"Inclusion du {self.started_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
