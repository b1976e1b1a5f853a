"""Lien ville-hôpital: hospital stays of followed patients and the planning of their discharge."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from maillage.core.models import BaseModel


class StayKind(models.TextChoices):
    EMERGENCY = "urgences", "Urgences"
    MCO = "mco", "MCO (médecine, chirurgie, obstétrique)"
    SMR = "smr", "SMR (soins médicaux et de réadaptation)"
    PSYCHIATRY = "psychiatrie", "Psychiatrie"
    HAD = "had", "HAD (hospitalisation à domicile)"


class HospitalStay(BaseModel):
    """A stay of a followed patient in an establishment of the directory (with its FINESS)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="hospital_stays"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="établissement",
    )
    kind = models.CharField("type de séjour", max_length=20, choices=StayKind.choices)
    ward = models.CharField("service", max_length=200, blank=True)
    admitted_at = models.DateTimeField("entrée le")
    planned_discharge_on = models.DateField("sortie prévue le", null=True, blank=True)
    discharged_at = models.DateTimeField("sortie le", null=True, blank=True)
    reason = models.CharField("motif", max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="signalé par",
    )
    is_readmission = models.BooleanField("réhospitalisation à moins de 30 jours", default=False)

    class Meta:
        verbose_name = "séjour hospitalier"
        ordering = ["-admitted_at"]
        indexes = [models.Index(fields=["patient", "admitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_at__isnull=True) | Q(discharged_at__gte=F("admitted_at")),
                name="stay_discharge_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"Séjour du {self.admitted_at:%d/%m/%Y}"


class DischargeItemKind(models.TextChoices):
    HOME_NURSE = "home_nurse", "Infirmier·e à domicile"
    HOME_HELP = "home_help", "Aide à domicile"
    EQUIPMENT = "equipment", "Matériel"
    MEDICATION = "medication", "Traitement, médicaments"
    GP_INFORMED = "gp_informed", "Médecin traitant informé"
    FOLLOW_UP = "follow_up", "Rendez-vous de suivi"
    TRANSPORT = "transport", "Transport"
    CARER_INFORMED = "carer_informed", "Aidant informé"


class DischargeItem(BaseModel):
    """One point of the discharge-planning checklist; its task carries who does it and when it
    is done."""

    stay = models.ForeignKey(HospitalStay, on_delete=models.CASCADE, related_name="discharge_items")
    item = models.CharField("point", max_length=30, choices=DischargeItemKind.choices)
    responsible = models.CharField("qui s'en charge", max_length=200, blank=True)
    task = models.OneToOneField(
        "patients.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "point de préparation de sortie"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "item"], name="discharge_item_once"),
        ]

    def __str__(self) -> str:
        return self.get_item_display()
