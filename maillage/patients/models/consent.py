"""Information, agreement to share and objections (CSP L.1110-4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.core.models import BaseModel


class ConsentKind(models.TextChoices):
    SHARING = "sharing", "Information et accord au partage dans l'équipe de soins"
    OBJECTION = "objection", "Opposition au partage"
    REUSE_OBJECTION = "reuse_objection", "Opposition à la réutilisation pour les statistiques"


class ConsentScope(models.TextChoices):
    ALL = "all", "Toute l'équipe de soins"
    MEMBERS = "members", "Membres désignés de l'équipe de soins"


class ConsentMethod(models.TextChoices):
    ORAL = "oral", "Oralement"
    SIGNED = "signed", "Par écrit signé"
    REPRESENTATIVE = "representative", "Par son représentant légal"


class Consent(BaseModel):
    """One statement of the patient: agreement to share, an objection (global or aimed at named
    care-team members) or an objection to statistical reuse. Effective from the moment it is
    recorded; withdrawn, never deleted. The wording read to the patient is kept by version and
    SHA-256 (see maillage.patients.wordings).
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="consents"
    )
    kind = models.CharField("nature", max_length=20, choices=ConsentKind.choices)
    scope = models.CharField(
        "portée", max_length=10, choices=ConsentScope.choices, default=ConsentScope.ALL
    )
    members = models.ManyToManyField(
        "patients.CareTeamMember",
        blank=True,
        related_name="objections",
        verbose_name="membres visés",
    )
    method = models.CharField("recueilli", max_length=20, choices=ConsentMethod.choices)
    given_on = models.DateField("date de recueil")
    given_by_name = models.CharField(
        "exprimé par",
        max_length=200,
        blank=True,
        help_text="Nom et qualité du représentant quand ce n'est pas le patient lui-même.",
    )
    wording_version = models.CharField("version du texte d'information", max_length=20)
    wording_hash = models.CharField("empreinte SHA-256 du texte", max_length=64)
    note = models.TextField("remarque", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_note = models.TextField("motif du retrait", blank=True)

    class Meta:
        verbose_name = "consentement ou opposition"
        ordering = ["-given_on", "-created_at"]
        indexes = [models.Index(fields=["patient", "kind", "withdrawn_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ConsentKind.OBJECTION) | Q(scope=ConsentScope.ALL),
                name="consent_members_scope_only_for_objection",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="consent_withdrawal_fields_together",
            ),
            models.CheckConstraint(
                condition=~Q(method="representative") | ~Q(given_by_name=""),
                name="consent_representative_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.given_on:%d/%m/%Y})"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None
