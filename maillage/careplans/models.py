"""The PPS (plan personnalisé de santé, HAS model 2014 / PPCS 2019): one `Pps` per enrolment,
numbered `PpsVersion`s (draft → submitted → validated → superseded), the plan (problems → goals
→ actions), alert procedures, and the documents generated from a version.

A validated (or superseded) version is immutable: the services refuse, and database triggers
(migration 0002) refuse too, except an action's status (the care team marks actions done) and
the validated → superseded step.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from maillage.core.models import BaseModel


class PpsStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Soumis pour accord"
    VALIDATED = "validated", "Validé"
    SUPERSEDED = "superseded", "Remplacé"


FROZEN_STATUSES = (PpsStatus.VALIDATED, PpsStatus.SUPERSEDED)
EDITABLE_STATUSES = (PpsStatus.DRAFT, PpsStatus.SUBMITTED)


# The version's sections edited with their own form and optimistic lock (`rev_<section>`).
SECTIONS: dict[str, list[str]] = {
    "meeting": ["meeting_kind", "meeting_date", "participants"],
    "situation": [
        "ald",
        "advance_directives",
        "advance_directives_where",
        "preferences",
        "benefits",
        "gir",
        "protection",
        "housing",
        "review_due",
    ],
}


class MeetingKind(models.TextChoices):
    HOME_VISIT = "home_visit", "Visite à domicile"
    CONCERTATION = "concertation", "Réunion de concertation"
    PHONE = "phone", "Concertation téléphonique"
    RCP = "rcp", "RCP"
    OTHER = "other", "Autre"


class AgreementMeans(models.TextChoices):
    ACCOUNT = "account", "Donné en ligne par le médecin (son compte)"
    PHONE = "phone", "Téléphone"
    MAIL = "mail", "Messagerie sécurisée"
    MEETING = "meeting", "Réunion de concertation"
    LETTER = "letter", "Courrier"


class PatientAgreement(models.TextChoices):
    AGREED = "agreed", "Accord du patient"
    PARTIAL = "partial", "Accord partiel (refus d'une partie)"
    REFUSED = "refused", "Refus du patient"


class ProblemDomain(models.TextChoices):
    MEDICAL = "medical", "Médical"
    NURSING = "nursing", "Soins infirmiers"
    AUTONOMY = "autonomy", "Autonomie"
    NUTRITION = "nutrition", "Nutrition"
    PAIN = "pain", "Douleur"
    PSYCHOLOGICAL = "psychological", "Psychologique"
    SOCIAL = "social", "Social et droits"
    HOUSING = "housing", "Logement et environnement"
    CARERS = "carers", "Aidants"
    PALLIATIVE = "palliative", "Soins palliatifs"


class ActionKind(models.TextChoices):
    CARE = "care", "Soin"
    SOCIAL = "social", "Social"
    EDUCATION = "education", "Éducation thérapeutique"
    PREVENTION = "prevention", "Prévention"
    SUPPORT_CARE = "support_care", "Soins de support"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


class Pps(BaseModel):
    """The care plan of one enrolment; its content lives in numbered versions."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="ppss")
    enrolment = models.OneToOneField(
        "patients.Enrolment", on_delete=models.PROTECT, related_name="pps"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "PPS"
        verbose_name_plural = "PPS"

    def __str__(self) -> str:
        return f"PPS {self.public_id}"


class PpsVersion(BaseModel):
    """One numbered version of a PPS. `header` is a snapshot of the record's header (identity —
    INS only for a qualified identity —, representative, trusted person, emergency contact, GP
    and useful contacts, author, lead coordinator, consent) taken when the draft was made.
    Section revisions (`rev_*`) are the optimistic locks of the editing forms."""

    pps = models.ForeignKey(Pps, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("version")
    status = models.CharField(
        "état", max_length=12, choices=PpsStatus.choices, default=PpsStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    header = models.JSONField("en-tête", default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="auteur"
    )
    meeting_kind = models.CharField(
        "type de réunion PPS", max_length=20, choices=MeetingKind.choices, blank=True
    )
    meeting_date = models.DateField("date de la réunion PPS", null=True, blank=True)
    participants = models.TextField("participants", blank=True)
    ald = models.TextField("affections de longue durée (ALD)", blank=True)
    advance_directives = models.BooleanField("directives anticipées rédigées", default=False)
    advance_directives_where = models.CharField(
        "où trouver les directives anticipées", max_length=250, blank=True
    )
    preferences = models.TextField("préférences et priorités de la personne", blank=True)
    benefits = models.TextField("prestations (APA, PCH…)", blank=True)
    gir = models.PositiveSmallIntegerField("GIR", null=True, blank=True)
    protection = models.CharField("mesure de protection", max_length=250, blank=True)
    housing = models.TextField("logement", blank=True)
    review_due = models.DateField("date de réévaluation", null=True, blank=True)
    # Agreements
    gp_agreed_at = models.DateField("date de l'accord médical", null=True, blank=True)
    gp_agreed_by_name = models.CharField(
        "médecin ayant donné son accord", max_length=200, blank=True
    )
    gp_agreed_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gp_agreement_role = models.CharField(
        "accord de", max_length=20, blank=True
    )  # "gp" (médecin traitant) or "medical_lead"
    gp_agreement_means = models.CharField(
        "moyen de l'accord", max_length=20, choices=AgreementMeans.choices, blank=True
    )
    gp_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    patient_agreement = models.CharField(
        "accord du patient", max_length=10, choices=PatientAgreement.choices, blank=True
    )
    patient_agreement_on = models.DateField("date de l'accord du patient", null=True, blank=True)
    patient_refused = models.TextField("ce que le patient refuse", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    rev_meeting = models.PositiveIntegerField(default=1)
    rev_situation = models.PositiveIntegerField(default=1)
    rev_agreements = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "version du PPS"
        ordering = ["pps", "-number"]
        indexes = [
            # The dashboard's reviews due: validated versions by review date.
            models.Index(fields=["status", "review_due"], name="pps_version_review_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pps", "number"], name="pps_version_number_unique"),
            models.UniqueConstraint(
                fields=["pps"],
                condition=Q(status__in=["draft", "submitted"]),
                name="pps_one_open_draft",
            ),
            models.UniqueConstraint(
                fields=["pps"], condition=Q(status="validated"), name="pps_one_current_version"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["validated", "superseded"])
                | (
                    Q(review_due__isnull=False, gp_agreed_at__isnull=False)
                    & ~Q(patient_agreement="")
                    & ~Q(gp_agreement_role="")
                ),
                name="pps_validated_has_agreements",
            ),
        ]

    def __str__(self) -> str:
        return f"version {self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class PlanProblem(BaseModel):
    """A problem of the plan, coded by domain; imported from an assessment or added by hand."""

    version = models.ForeignKey(PpsVersion, on_delete=models.CASCADE, related_name="problems")
    domain = models.CharField("domaine", max_length=20, choices=ProblemDomain.choices)
    code = models.CharField("code", max_length=40, blank=True)
    label = models.CharField("problème", max_length=250)
    priority = models.PositiveSmallIntegerField("priorité", default=2)
    source_uuid = models.UUIDField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "problème"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class PlanGoal(BaseModel):
    """A shared goal negotiated for one problem."""

    problem = models.ForeignKey(PlanProblem, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField("objectif partagé", max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "objectif"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class PlanAction(BaseModel):
    """An action towards a goal: what, kind, who acts (a care-team member or a directory
    professional or organisation — one of them), when, success criteria, status."""

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField("action", max_length=300)
    kind = models.CharField("type", max_length=20, choices=ActionKind.choices)
    member = models.ForeignKey(
        "patients.CareTeamMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pps_actions",
        verbose_name="intervenant de l'équipe de soins",
    )
    professional = models.ForeignKey(
        "directory.Professional",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pps_actions",
        verbose_name="professionnel de l'annuaire",
    )
    frequency = models.CharField("fréquence", max_length=120, blank=True)
    start_on = models.DateField("début", null=True, blank=True)
    end_on = models.DateField("fin", null=True, blank=True)
    success_criteria = models.CharField("critères de réussite", max_length=300, blank=True)
    status = models.CharField(
        "état", max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    abandon_reason = models.CharField("motif d'abandon", max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "action"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, professional__isnull=True)
                | Q(member__isnull=True, professional__isnull=False),
                name="pps_action_has_one_responsible",
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(end_on__isnull=True)
                | Q(end_on__gte=F("start_on")),
                name="pps_action_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="abandoned") | ~Q(abandon_reason=""),
                name="pps_action_abandon_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def responsible_name(self) -> str:
        if self.member_id:
            return self.member.member_name
        return str(self.professional) if self.professional_id else ""

    @property
    def version_id(self):
        return self.goal.problem.version_id


class AlertProcedure(BaseModel):
    """Who to call when: "en cas de chute la nuit, appeler …"."""

    version = models.ForeignKey(PpsVersion, on_delete=models.CASCADE, related_name="alerts")
    situation = models.CharField("situation", max_length=250)
    who_to_call = models.CharField("qui appeler", max_length=250)
    phone = models.CharField("téléphone", max_length=40, blank=True)

    class Meta:
        verbose_name = "procédure d'alerte"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.situation


class DocumentKind(models.TextChoices):
    PPS = "pps", "PPS (modèle HAS)"
    PATIENT = "patient", "Version simplifiée pour le patient"


class PpsDocument(BaseModel):
    """A document generated from a version, kept with it: the bytes and their SHA-256."""

    version = models.ForeignKey(PpsVersion, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "document du PPS"
        ordering = ["-created_at"]
        indexes = [
            # The documents kept with a version, newest first (version page).
            models.Index(fields=["version", "-created_at"], name="pps_document_version_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sha256[:8]})"
