"""The multidimensional assessment, instrument results and identified problems.

An `Assessment` is a dated evaluation of one patient (at home, by phone, at the office) made of
one `AssessmentSection` per domain. Instruments are declared in code (`instruments/`); what is
stored is an `InstrumentResult`: the answers and the computed result, immutable once signed (a
database trigger refuses the UPDATE of a signed row; a correction is a new result pointing at
the old one through `corrects`). `IdentifiedProblem`s, taken from the network's editable
`ProblemCatalogue` or written freely, feed the PPS (`selectors.problems_for_pps`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.core.models import BaseModel


class Place(models.TextChoices):
    HOME = "home", "Visite à domicile"
    PHONE = "phone", "Entretien téléphonique"
    OFFICE = "office", "Au bureau du réseau"


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SIGNED = "signed", "Signée"


class Domain(models.TextChoices):
    MEDICAL = "medical", "Médical et traitements"
    NURSING = "nursing", "Soins infirmiers"
    AUTONOMY = "autonomy", "Autonomie"
    NUTRITION = "nutrition", "Nutrition"
    PAIN = "pain", "Douleur"
    PSYCHOLOGICAL = "psychological", "Psychologique"
    COGNITIVE = "cognitive", "Cognitif"
    SOCIAL_RIGHTS = "social_rights", "Droits sociaux (APA, PCH, ALD, protection)"
    RESOURCES = "resources", "Ressources"
    HOUSING = "housing", "Logement et environnement"
    CARERS = "carers", "Aidants"
    PALLIATIVE = "palliative", "Soins palliatifs"
    ACCESS = "access", "Accès aux soins"
    WISHES = "wishes", "Souhaits de la personne"


# Instruments' own domains (instrument.domain) mapped onto assessment sections.
INSTRUMENT_DOMAIN = {
    "autonomy": Domain.AUTONOMY,
    "nutrition": Domain.NUTRITION,
    "carers": Domain.CARERS,
    "pain": Domain.PAIN,
    "mood": Domain.PSYCHOLOGICAL,
    "psychological": Domain.PSYCHOLOGICAL,
    "cognition": Domain.COGNITIVE,
    "cognitive": Domain.COGNITIVE,
    "palliative": Domain.PALLIATIVE,
    "performance": Domain.MEDICAL,
    "frailty": Domain.MEDICAL,
}


class Severity(models.TextChoices):
    LOW = "low", "Faible"
    MODERATE = "moderate", "Modérée"
    SEVERE = "severe", "Sévère"


class Assessment(BaseModel):
    """A dated multidimensional assessment of one patient; a draft until signed."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="assessments"
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField("date de l'évaluation")
    place = models.CharField("lieu", max_length=16, choices=Place.choices, default=Place.HOME)
    participants = models.TextField("participants", blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="assessments_assessment_signed_has_signer",
            )
        ]

    def __str__(self) -> str:
        return f"Évaluation du {self.assessed_on:%d/%m/%Y}"

    @property
    def is_signed(self) -> bool:
        return self.status == Status.SIGNED


class AssessmentSection(BaseModel):
    """One domain of an assessment and the coordinator's observations on it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections")
    domain = models.CharField(max_length=24, choices=Domain.choices)
    observations = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="assessments_section_one_per_domain"
            )
        ]

    def __str__(self) -> str:
        return self.get_domain_display()


class InstrumentResult(BaseModel):
    """The answers to one instrument and its computed result. A draft may be partial (never
    scored); a signed result is immutable (database trigger). `corrects` links a correction to
    the result it replaces."""

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="instrument_results"
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        related_name="results",
        null=True,
        blank=True,
    )
    instrument_code = models.CharField(max_length=32)
    instrument_version = models.CharField(max_length=32)
    answers = models.JSONField(default=dict)
    is_complete = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    category = models.CharField(max_length=48, blank=True)
    label = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, related_name="corrected_by", null=True, blank=True
    )
    correction_reason = models.TextField("motif de la correction", blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="assessments_result_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(signed_at__isnull=False, signed_by__isnull=False, is_complete=True),
                name="assessments_result_signed_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(is_complete=True) | Q(score__isnull=True, category=""),
                name="assessments_result_partial_never_scored",
            ),
        ]
        indexes = [models.Index(fields=["patient", "instrument_code", "status"])]

    def __str__(self) -> str:
        return f"{self.instrument_code} {self.label}"

    @property
    def is_signed(self) -> bool:
        return self.status == Status.SIGNED

    @property
    def instrument(self):
        from maillage.assessments.instruments import get_instrument

        return get_instrument(self.instrument_code)


class ProblemCatalogue(BaseModel):
    """A network's list of problems coordinators pick from (editable by its staff)."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="problem_catalogue"
    )
    code = models.SlugField(max_length=48)
    label = models.CharField("libellé", max_length=160)
    domain = models.CharField("domaine", max_length=24, choices=Domain.choices)
    active = models.BooleanField("proposé", default=True)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "code"], name="assessments_catalogue_code_per_network"
            )
        ]

    def __str__(self) -> str:
        return self.label


class IdentifiedProblem(BaseModel):
    """A problem found during an assessment, in one domain, with a severity; from the
    network's catalogue or written freely. The PPS turns these into its plan."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="problems")
    domain = models.CharField("domaine", max_length=24, choices=Domain.choices)
    catalogue = models.ForeignKey(
        ProblemCatalogue, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    free_text = models.CharField("problème (texte libre)", max_length=300, blank=True)
    severity = models.CharField(
        "sévérité", max_length=10, choices=Severity.choices, default=Severity.MODERATE
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(catalogue__isnull=False) | ~Q(free_text=""),
                name="assessments_problem_catalogue_or_text",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.catalogue_id and self.free_text:
            return f"{self.catalogue.label} — {self.free_text}"
        return self.catalogue.label if self.catalogue_id else self.free_text

    @property
    def code(self) -> str:
        return self.catalogue.code if self.catalogue_id else ""
