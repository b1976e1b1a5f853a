"""The coordination journal (append-only) and tasks: the core every later app writes to."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.core.models import BaseModel


class JournalKind(models.TextChoices):
    CALL = "call", "Appel téléphonique"
    VISIT = "visit", "Visite à domicile"
    OFFICE_VISIT = "office_visit", "Entretien au bureau du réseau"
    MEETING = "meeting", "Concertation, réunion"
    NOTE = "note", "Note"
    MESSAGE = "message", "Courriel, courrier ou message"
    EVENT = "event", "Évènement automatique"


# The kinds that are a contact with the patient or their circle (a note or an automatic event is
# not): the caseload's "last contact" and the reporting's contact counts use this one list.
CONTACT_KINDS = (
    JournalKind.CALL,
    JournalKind.VISIT,
    JournalKind.OFFICE_VISIT,
    JournalKind.MEETING,
    JournalKind.MESSAGE,
)


class Confidentiality(models.TextChoices):
    CARE_TEAM = "care_team", "Équipe de soins"
    NETWORK_STAFF = "network_staff", "Équipe du réseau uniquement"
    MEDICAL = "medical", "Médical uniquement"


class RuptureTag(models.TextChoices):
    NONE = "", "Aucune"
    RUPTURE = "rupture", "Rupture de parcours"
    UNMET_NEED = "unmet_need", "Besoin non couvert"


class JournalEntry(BaseModel):
    """A dated fact about the patient's follow-up: a call, a visit, a meeting, a note, or an event
    written by another app (`source`, `source_uuid`).

    Append-only: the database refuses UPDATE and DELETE (triggers, migration 0002); a correction
    is a new entry pointing at the one it corrects. The only change allowed is moving entries to
    another record during an identity merge (and back when the merge is undone).
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="journal_entries"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("nature", max_length=20, choices=JournalKind.choices)
    occurred_at = models.DateTimeField("date")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    participants = models.CharField("participants", max_length=500, blank=True)
    duration_minutes = models.PositiveIntegerField("durée (minutes)", null=True, blank=True)
    confidentiality = models.CharField(
        "confidentialité",
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.CARE_TEAM,
    )
    rupture_tag = models.CharField(
        "rupture de parcours ou besoin non couvert",
        max_length=20,
        choices=RuptureTag.choices,
        blank=True,
    )
    title = models.CharField("objet", max_length=200, blank=True)
    body = models.TextField("contenu")
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="corrige l'entrée",
    )
    source = models.CharField("origine", max_length=60, blank=True)
    source_uuid = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal de coordination"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "occurred_at"]),
            models.Index(fields=["network", "rupture_tag", "occurred_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=JournalKind.EVENT) | Q(author__isnull=False),
                name="journal_entry_manual_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.occurred_at:%d/%m/%Y %H:%M}"


class TaskPriority(models.TextChoices):
    LOW = "low", "Basse"
    NORMAL = "normal", "Normale"
    HIGH = "high", "Haute"
    URGENT = "urgent", "Urgente"


class Task(BaseModel):
    """Something someone of the network must do, about a patient or not, by a date."""

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        verbose_name="confiée à",
    )
    title = models.CharField("tâche", max_length=200)
    description = models.TextField("précisions", blank=True)
    due_on = models.DateField("échéance", null=True, blank=True)
    priority = models.CharField(
        "priorité", max_length=10, choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    done_at = models.DateTimeField("faite le", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin = models.CharField("origine", max_length=60, blank=True)
    source_uuid = models.UUIDField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "tâche"
        ordering = ["done_at", "due_on", "-created_at"]
        indexes = [
            models.Index(fields=["network", "assignee", "done_at", "due_on"]),
            models.Index(fields=["patient", "done_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="task_done_fields_together",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
