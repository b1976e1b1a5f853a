"""Carers (aidants), the person of trust (CSP L.1111-6) and emergency contacts."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.core.models import BaseModel


class CarerRelationship(models.TextChoices):
    SPOUSE = "spouse", "Conjoint·e"
    CHILD = "child", "Enfant"
    PARENT = "parent", "Parent"
    SIBLING = "sibling", "Frère ou sœur"
    OTHER_FAMILY = "family", "Autre membre de la famille"
    FRIEND = "friend", "Ami·e ou voisin·e"
    PROFESSIONAL = "professional", "Professionnel (mandataire, tuteur…)"
    OTHER = "other", "Autre"


class Carer(BaseModel):
    """A person around the patient: carer, person of trust, emergency contact (any mix).

    Ended, not deleted (`ended_on`), so that the record says who was there and when. At most one
    current person of trust (database constraint).
    """

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="carers")
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100, blank=True)
    relationship = models.CharField("lien", max_length=20, choices=CarerRelationship.choices)
    lives_with_patient = models.BooleanField("vit avec le patient", default=False)
    is_main_carer = models.BooleanField("aidant principal", default=False)
    is_carer = models.BooleanField("aidant", default=True)
    is_trusted_person = models.BooleanField("personne de confiance", default=False)
    is_emergency_contact = models.BooleanField("personne à prévenir", default=False)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("courriel", blank=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    note = models.TextField("remarque", blank=True)
    ended_on = models.DateField("n'intervient plus depuis le", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "aidant ou contact"
        ordering = ["-is_main_carer", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(is_trusted_person=True, ended_on__isnull=True),
                name="one_current_trusted_person",
            ),
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(is_main_carer=True, ended_on__isnull=True),
                name="one_current_main_carer",
            ),
            models.CheckConstraint(
                condition=Q(is_carer=True) | Q(is_main_carer=False),
                name="carer_main_carer_is_a_carer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def roles_display(self) -> list[str]:
        labels = []
        if self.is_main_carer:
            labels.append("Aidant principal")
        elif self.is_carer:
            labels.append("Aidant")
        if self.is_trusted_person:
            labels.append("Personne de confiance")
        if self.is_emergency_contact:
            labels.append("Personne à prévenir")
        return labels
