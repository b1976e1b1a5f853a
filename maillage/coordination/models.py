"""Coordination: notifications, the care team's messages, vigilance notes and the agenda.

The timeline and the tasks live on the journal and task core of `maillage.patients`."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.core.models import BaseModel


class NotificationKind(models.TextChoices):
    ADMISSION = "admission", "Entrée d'hospitalisation"
    DISCHARGE = "discharge", "Sortie d'hospitalisation"
    MESSAGE = "message", "Nouveau message"
    REQUEST_ASSIGNED = "request_assigned", "Demande confiée"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consentement retiré"
    REVIEW_OVERDUE = "review_overdue", "Réévaluation en retard"
    TASK_ASSIGNED = "task_assigned", "Tâche confiée"


class Notification(BaseModel):
    """One item of a user's in-app inbox. It names no patient itself: the link leads to the
    record, where the access check applies again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("nature", max_length=30, choices=NotificationKind.choices)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    link = models.CharField("lien", max_length=300, blank=True)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    emailed_at = models.DateTimeField("signalée par courriel le", null=True, blank=True)
    # What raised it (a task, a consent, a request…): an automatic notification is raised once.
    source_uuid = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "source_uuid"],
                condition=Q(source_uuid__isnull=False),
                name="notification_once_per_source",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class DigestPreference(BaseModel):
    """Whether a user wants the neutral email digest of their unread notifications."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    email_digest = models.BooleanField("recevoir un courriel récapitulatif", default=False)

    class Meta:
        verbose_name = "préférence de notification"


class Message(BaseModel):
    """A message of the patient's thread (one thread per patient) between network staff and the
    care-team members who have access. Plain text, never rendered as HTML."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="messages"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("message")

    class Meta:
        verbose_name = "message"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["patient", "created_at"])]

    def __str__(self) -> str:
        return f"Message du {self.created_at:%d/%m/%Y %H:%M}"


class ThreadRead(BaseModel):
    """When a user last read a patient's thread (for unread counts)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        verbose_name = "lecture d'un fil"
        constraints = [
            models.UniqueConstraint(fields=["user", "patient"], name="thread_read_once"),
        ]


class VigilanceNote(BaseModel):
    """A short warning pinned at the top of the patient's timeline (dog at home, key box…)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="vigilance_notes"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.CharField("point de vigilance", max_length=300)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "point de vigilance"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return "Point de vigilance"


class AppointmentKind(models.TextChoices):
    APPOINTMENT = "appointment", "Rendez-vous"
    HOME_VISIT = "home_visit", "Visite à domicile"
    OFFICE_VISIT = "office_visit", "Entretien au bureau du réseau"
    MEETING = "meeting", "Réunion"


class Appointment(BaseModel):
    """A coordinator's appointment or home visit, possibly about a patient."""

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("nature", max_length=20, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=200, blank=True)
    note = models.CharField("précisions", max_length=300, blank=True)

    class Meta:
        verbose_name = "rendez-vous"
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["owner", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.starts_at:%d/%m/%Y %H:%M}"
