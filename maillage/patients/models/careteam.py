"""The care team (cercle de soins, after the ANS CareTeam guide)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from maillage.access.matrix import EXTERNAL_ROLES, ROLE_LABELS
from maillage.core.models import BaseModel

CareTeamRole = models.TextChoices(
    "CareTeamRole", [(role.upper(), (role, ROLE_LABELS[role])) for role in EXTERNAL_ROLES]
)
GP_ROLE = "gp"


class CareTeamEndReason(models.TextChoices):
    CARE_ENDED = "care_ended", "Fin de l'intervention"
    REPLACED = "replaced", "Remplacé par un autre professionnel"
    PATIENT_CHOICE = "patient_choice", "Choix du patient"
    PROFESSIONAL_LEFT = "professional_left", "Départ ou cessation d'activité du professionnel"
    ENROLMENT_CLOSED = "enrolment_closed", "Clôture de l'accompagnement"
    MERGED = "merged", "Fusion de dossiers"
    ERROR = "error", "Saisie erronée"


class CareTeamMember(BaseModel):
    """A professional or a service around one patient, for a period, in a role.

    Linked to exactly one of: a directory professional, a directory organisation, or an external
    user (a professional with a login but not yet in the directory). `categories` lists the data
    categories this member may read: by default what the role may read in the matrix, narrowed by
    the coordinator, never widened. Current = no end date. At most one current médecin traitant.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="care_team"
    )
    role = models.CharField("rôle", max_length=30, choices=CareTeamRole.choices)
    professional = models.ForeignKey(
        "directory.Professional",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_team_memberships",
        verbose_name="professionnel",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_team_memberships",
        verbose_name="structure",
    )
    external_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_team_memberships",
        verbose_name="compte extérieur",
    )
    started_on = models.DateField("début")
    ended_on = models.DateField("fin", null=True, blank=True)
    end_reason = models.CharField(
        "motif de fin", max_length=30, choices=CareTeamEndReason.choices, blank=True
    )
    is_referent = models.BooleanField("référent", default=False)
    categories = models.JSONField("catégories de données visibles", default=list, blank=True)
    note = models.CharField("précision", max_length=250, blank=True)
    version = models.PositiveIntegerField(default=1)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "membre de l'équipe de soins"
        verbose_name_plural = "équipe de soins"
        ordering = ["ended_on", "role", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(role=GP_ROLE, ended_on__isnull=True),
                name="one_current_gp_per_patient",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        professional__isnull=False,
                        organisation__isnull=True,
                        external_user__isnull=True,
                    )
                    | Q(
                        professional__isnull=True,
                        organisation__isnull=False,
                        external_user__isnull=True,
                    )
                    | Q(
                        professional__isnull=True,
                        organisation__isnull=True,
                        external_user__isnull=False,
                    )
                ),
                name="care_team_member_links_exactly_one",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False, ended_on__gte=F("started_on")) & ~Q(end_reason=""),
                name="care_team_member_end_coherent",
            ),
        ]
        indexes = [models.Index(fields=["patient", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.member_name} — {self.get_role_display()}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def member_name(self) -> str:
        if self.professional_id:
            return str(self.professional)
        if self.organisation_id:
            return str(self.organisation)
        if self.external_user_id:
            return self.external_user.full_name
        return ""
