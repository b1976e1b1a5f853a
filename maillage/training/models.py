"""Continuing education: events, their time slots and speakers, registrations, satisfaction.

An `Event` belongs to one network. Professionals register without an account (`Registration`);
capacity is enforced by locking the event row while counting (see services). Nothing here is
about patients: registrants are professionals who gave their own details.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from maillage.core.models import BaseModel


class EventKind(models.TextChoices):
    INFO_EVENING = "info_evening", "Soirée d'information"
    TRAINING_DAY = "training_day", "Journée de formation"
    BEDSIDE = "bedside", "Formation au lit du malade"
    PRACTICE_EXCHANGE = "practice_exchange", "Échange de pratiques ville-hôpital"
    WEBINAR = "webinar", "Webinaire"
    OTHER = "other", "Autre format"


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"
    CANCELLED = "cancelled", "Annulé"
    HELD = "held", "Tenu"


class Profession(models.TextChoices):
    """Professions a registrant declares and an event targets (a short, fixed list)."""

    GP = "gp", "Médecin généraliste"
    SPECIALIST = "specialist", "Médecin spécialiste"
    NURSE = "nurse", "Infirmier·e"
    PHARMACIST = "pharmacist", "Pharmacien·ne"
    PHYSIOTHERAPIST = "physiotherapist", "Masseur-kinésithérapeute"
    PSYCHOLOGIST = "psychologist", "Psychologue"
    DIETITIAN = "dietitian", "Diététicien·ne"
    SOCIAL_WORKER = "social_worker", "Assistant·e de service social"
    CARE_ASSISTANT = "care_assistant", "Aide-soignant·e"
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Ergothérapeute"
    APA_TEACHER = "apa_teacher", "Enseignant·e en activité physique adaptée"
    COORDINATOR = "coordinator", "Coordinateur·rice de parcours"
    OTHER = "other", "Autre profession"


PROFESSION_LABELS = dict(Profession.choices)


class Event(BaseModel):
    """A continuing education event of a network: one or more slots, a place or a video link.

    Status: draft → published → held, or → cancelled. A published event accepts registrations
    until its first slot starts; `capacity` is never exceeded (the waiting list takes the rest).
    """

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="training_events"
    )
    title = models.CharField("titre", max_length=200)
    theme = models.CharField(
        "thème", max_length=120, help_text="Par exemple : psycho-oncologie, chimiothérapie orale."
    )
    thematics = models.ManyToManyField(
        "networks.Thematic", blank=True, related_name="training_events", verbose_name="thématiques"
    )
    kind = models.CharField("format", max_length=20, choices=EventKind.choices)
    summary = models.CharField(
        "présentation courte",
        max_length=300,
        help_text="Une ou deux phrases, reprises dans la liste des événements.",
    )
    programme = models.TextField("programme", blank=True, help_text="Texte au format Markdown.")
    address = models.CharField("adresse du lieu", max_length=300, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_events",
        verbose_name="commune",
    )
    video_url = models.URLField("lien de visioconférence", blank=True)
    capacity = models.PositiveIntegerField("nombre de places")
    target_professions = models.JSONField("professions visées", default=list, blank=True)
    dpc_reference = models.CharField(
        "référence DPC ou formation continue", max_length=60, blank=True
    )
    status = models.CharField(
        "statut", max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField("motif d'annulation", max_length=300, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    satisfaction_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "événement de formation"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="event_capacity_min"),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "cancelled", "held"]),
                name="event_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | ~models.Q(address="")
                | ~models.Q(video_url=""),
                name="event_place_or_video_once_published",
            ),
        ]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def target_profession_labels(self) -> list[str]:
        return [PROFESSION_LABELS.get(code, code) for code in self.target_professions]

    @property
    def is_remote(self) -> bool:
        return bool(self.video_url) and not self.address


class EventSlot(BaseModel):
    """One time slot of an event (an evening, a morning, one day of a two-day course)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    label = models.CharField("intitulé", max_length=120, blank=True)

    class Meta:
        verbose_name = "créneau"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{start:%d/%m/%Y %H:%M}"


class EventSpeaker(BaseModel):
    """A speaker: a professional of the directory, or a name typed freely."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    professional = models.ForeignKey(
        "directory.Professional",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_talks",
        verbose_name="professionnel de l'annuaire",
    )
    name = models.CharField("nom", max_length=200, blank=True)
    role = models.CharField("fonction", max_length=200, blank=True)

    class Meta:
        verbose_name = "intervenant·e"
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(professional__isnull=False) | ~models.Q(name=""),
                name="speaker_professional_or_name",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.professional_id:
            return self.professional.display_name
        return self.name


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Inscrit·e"
    WAITING = "waiting", "Liste d'attente"
    CANCELLED = "cancelled", "Annulée"


class RegistrationSource(models.TextChoices):
    PUBLIC = "public", "Formulaire public"
    STAFF = "staff", "Saisie par l'équipe"


class Registration(BaseModel):
    """A professional registered to an event (or waiting for a place), without an account.

    One live registration per email and event (database constraint); a cancelled one may be
    followed by a new one. The waiting list is served in `queued_at` order.
    """

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    first_name = models.CharField("prénom", max_length=120)
    last_name = models.CharField("nom", max_length=120)
    profession = models.CharField("profession", max_length=30, choices=Profession.choices)
    rpps = models.CharField("numéro RPPS", max_length=11, blank=True)
    structure = models.CharField("structure d'exercice", max_length=200, blank=True)
    email = models.EmailField("adresse électronique")
    status = models.CharField("statut", max_length=10, choices=RegistrationStatus.choices)
    source = models.CharField(
        max_length=10, choices=RegistrationSource.choices, default=RegistrationSource.PUBLIC
    )
    queued_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField("présent·e", default=False)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    satisfaction_requested_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "inscription"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["registered", "waiting", "cancelled"]),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(attended=False) | models.Q(status="registered"),
                name="registration_attended_only_if_registered",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.event}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Satisfaction(BaseModel):
    """The short, fixed satisfaction form an attendee fills after the event (once)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="satisfaction"
    )
    overall_rating = models.PositiveSmallIntegerField("appréciation générale")
    usefulness = models.PositiveSmallIntegerField("utilité pour votre pratique")
    comment = models.TextField("commentaire", blank=True, max_length=2000)

    class Meta:
        verbose_name = "questionnaire de satisfaction"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall_rating__gte=1) & models.Q(overall_rating__lte=5),
                name="satisfaction_overall_range",
            ),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1) & models.Q(usefulness__lte=5),
                name="satisfaction_usefulness_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Satisfaction — {self.registration}"
