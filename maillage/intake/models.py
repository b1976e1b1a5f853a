"""Guichet unique: support requests, their transitions, and their outcome."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from maillage.core.models import BaseModel
from maillage.retention.models import ArchivableModel


class Channel(models.TextChoices):
    PHONE = "phone", "Téléphone"
    EMAIL = "email", "Courriel"
    WEB = "web", "Formulaire en ligne"
    LETTER = "letter", "Courrier"
    HOSPITAL = "hospital", "Établissement de santé"
    ON_SITE = "on_site", "Sur place"


class RequesterQuality(models.TextChoices):
    GP = "gp", "Médecin généraliste"
    SPECIALIST = "specialist", "Médecin spécialiste"
    NURSE = "nurse", "Infirmier·e"
    PHARMACIST = "pharmacist", "Pharmacien·ne"
    HOSPITAL_SOCIAL_WORKER = "hospital_sw", "Assistant·e social·e hospitalier·e"
    HOSPITAL = "hospital", "Équipe hospitalière"
    SOCIAL_SERVICE = "social_service", "Service social"
    FAMILY = "family", "Famille, proche"
    PATIENT = "patient", "La personne elle-même"
    OTHER = "other", "Autre"


class Urgency(models.TextChoices):
    NORMAL = "normal", "Habituelle"
    SOON = "soon", "Dans la semaine"
    URGENT = "urgent", "Urgente (48 heures)"


class Status(models.TextChoices):
    RECEIVED = "received", "Reçue"
    QUALIFYING = "qualifying", "En qualification"
    ANSWERED = "answered", "Réponse donnée (niveau 1)"
    PUNCTUAL = "punctual", "Appui ponctuel"
    FORWARDED = "forwarded", "Transmise à un autre réseau"
    REFUSED = "refused", "Refusée"
    ACCEPTED = "accepted", "Acceptée"
    ENROLLED = "enrolled", "Inclusion faite"


LIVE_STATUSES = (Status.RECEIVED, Status.QUALIFYING, Status.ACCEPTED)
DECISION_STATUSES = (
    Status.ANSWERED,
    Status.PUNCTUAL,
    Status.FORWARDED,
    Status.REFUSED,
    Status.ACCEPTED,
)

# The explicit state machine: from → allowed destinations.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.QUALIFYING, Status.FORWARDED),
    Status.QUALIFYING: (
        Status.ANSWERED,
        Status.PUNCTUAL,
        Status.FORWARDED,
        Status.REFUSED,
        Status.ACCEPTED,
    ),
    Status.ACCEPTED: (Status.ENROLLED,),
}

REASONS = [
    ("coordination", "Besoin de coordination des soins"),
    ("return_home", "Retour à domicile après hospitalisation"),
    ("keep_home", "Maintien à domicile difficile"),
    ("no_gp", "Pas de médecin traitant"),
    ("information", "Demande d'information ou d'orientation"),
    ("carer", "Soutien à l'aidant"),
    ("palliative", "Soins palliatifs"),
    ("social", "Difficultés sociales ou administratives"),
    ("other", "Autre"),
]

COMPLEXITY_CRITERIA = [
    ("multi_chronic", "Plusieurs maladies chroniques"),
    ("dependence", "Perte d'autonomie, dépendance"),
    ("isolation", "Isolement ou rupture sociale"),
    ("hospitalisations", "Hospitalisations répétées"),
    ("carer_exhausted", "Aidant épuisé"),
    ("pros_in_difficulty", "Professionnels en difficulté"),
]


def new_receipt_number() -> str:
    """A random, unguessable receipt number: 'D-' and 12 characters from a 31-letter alphabet."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"D-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class SupportRequest(ArchivableModel, BaseModel):
    """A request for help (demande d'appui) received by one network's single entry point.

    Once forwarded, the sender's row becomes a stub: only its dates, its origin (channel and
    requester quality) and the receiving network are kept; the receiving network holds its own
    request, which points back at the sending network.
    """

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="support_requests"
    )
    receipt_number = models.CharField(
        "numéro de récépissé", max_length=20, unique=True, default=new_receipt_number
    )
    channel = models.CharField("canal", max_length=10, choices=Channel.choices)
    status = models.CharField(
        "statut", max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    # The requester: a directory professional, or a free identity.
    requester_professional = models.ForeignKey(
        "directory.Professional",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandeur (annuaire)",
    )
    requester_name = models.CharField("nom du demandeur", max_length=200, blank=True)
    requester_quality = models.CharField(
        "qualité du demandeur", max_length=20, choices=RequesterQuality.choices
    )
    requester_organisation = models.CharField("structure", max_length=200, blank=True)
    requester_phone = models.CharField("téléphone du demandeur", max_length=20, blank=True)
    requester_email = models.EmailField("courriel du demandeur", blank=True)
    # The person concerned (optional: an information request may concern nobody in particular).
    person_birth_name = models.CharField("nom de la personne", max_length=100, blank=True)
    person_first_names = models.CharField("prénoms de la personne", max_length=200, blank=True)
    person_birth_date = models.DateField("date de naissance", null=True, blank=True)
    person_sex = models.CharField(
        "sexe", max_length=1, blank=True, choices=[("F", "Féminin"), ("M", "Masculin")]
    )
    person_commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune de la personne",
    )
    person_phone = models.CharField("téléphone de la personne", max_length=20, blank=True)
    patient = models.ForeignKey(
        "patients.Patient",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name="dossier rattaché",
    )
    reasons = models.JSONField("motifs", default=list, blank=True)
    description = models.TextField("description de la situation", blank=True)
    urgency = models.CharField(
        "urgence", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    thematics = models.ManyToManyField(
        "networks.Thematic", blank=True, related_name="+", verbose_name="thématiques"
    )
    gp_professional = models.ForeignKey(
        "directory.Professional",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="médecin traitant (annuaire)",
    )
    gp_name = models.CharField("médecin traitant", max_length=200, blank=True)
    person_informed = models.BooleanField("la personne est informée", default=False)
    gp_informed = models.BooleanField("le médecin traitant est informé", default=False)
    rupture_tag = models.CharField(
        "rupture de parcours / besoin non couvert",
        max_length=12,
        blank=True,
        choices=[
            ("", "Aucune"),
            ("rupture", "Rupture de parcours"),
            ("unmet_need", "Besoin non couvert"),
        ],
    )
    complexity = models.JSONField("repérage de la complexité", default=list, blank=True)
    # Outcome.
    answer = models.TextField("réponse donnée", blank=True)
    resources = models.ManyToManyField(
        "directory.Resource", blank=True, related_name="+", verbose_name="ressources proposées"
    )
    refusal_reason = models.TextField("motif du refus", blank=True)
    person_agreement_on = models.DateField("accord de la personne le", null=True, blank=True)
    gp_agreement_on = models.DateField("accord du médecin traitant le", null=True, blank=True)
    # Delays.
    received_at = models.DateTimeField("reçue le")
    first_contact_at = models.DateTimeField("premier contact le", null=True, blank=True)
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    late_task_at = models.DateTimeField(null=True, blank=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="suivie par",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Forwarding: on the stub, where it went; on the receiving side, where it came from.
    forwarded_to = models.ForeignKey(
        "networks.Network",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="transmise à",
    )
    forwarded_to_name = models.CharField("transmise à", max_length=200, blank=True)
    forwarded_from = models.ForeignKey(
        "networks.Network",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="transmise par",
    )
    forward_note = models.TextField("note de transmission", blank=True)
    is_stub = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "demande d'appui"
        verbose_name_plural = "demandes d'appui"
        ordering = ["received_at"]
        indexes = [
            models.Index(fields=["network", "status", "received_at"]),
            models.Index(fields=["network", "assigned_to", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "received",
                        "qualifying",
                        "answered",
                        "punctual",
                        "forwarded",
                        "refused",
                        "accepted",
                        "enrolled",
                    ]
                ),
                name="support_request_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(is_stub=False) | models.Q(status="forwarded"),
                name="support_request_stub_is_forwarded",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def person_label(self) -> str:
        return " ".join(p for p in (self.person_birth_name.upper(), self.person_first_names) if p)

    @property
    def requester_label(self) -> str:
        if self.requester_professional_id:
            pro = self.requester_professional
            return f"{pro.first_name} {pro.last_name}".strip()
        return self.requester_name

    @property
    def allowed_next(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.status, ())

    def reason_labels(self) -> list[str]:
        labels = dict(REASONS)
        return [labels.get(code, code) for code in self.reasons]

    def complexity_labels(self) -> list[str]:
        labels = dict(COMPLEXITY_CRITERIA)
        return [labels.get(code, code) for code in self.complexity]


class RequestTransition(BaseModel):
    """One change of status of a request: who, when, from, to and why (append-only)."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    why = models.TextField(blank=True)

    class Meta:
        verbose_name = "changement de statut"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
