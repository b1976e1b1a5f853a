"""The audit trail: append-only, hash-chained, with no foreign keys so it outlives what it names."""

import hashlib
import json

from django.conf import settings
from django.db import models

from maillage.core.models import BaseModel


class AuditEvent(models.Model):
    """One thing that happened: who, where (network), what (dotted action), on what, about whom.

    The database refuses UPDATE and DELETE on this table (triggers; on PostgreSQL the application
    role also lacks the privileges). `hash` chains each event to the previous one so that
    `manage.py audit_verify` detects a row changed behind the application's back.
    """

    at = models.DateTimeField(db_index=True)
    actor_uuid = models.UUIDField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    network_uuid = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=60, blank=True)
    target_uuid = models.UUIDField(null=True, blank=True)
    patient_uuid = models.UUIDField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "évènement d'audit"
        indexes = [
            models.Index(fields=["patient_uuid", "at"]),
            models.Index(fields=["actor_uuid", "at"]),
            models.Index(fields=["network_uuid", "at"]),
            models.Index(fields=["action", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def compute_hash(self) -> str:
        return compute_event_hash(self)

    @property
    def details_text(self) -> str:
        """The details as compact JSON, for pages and exports."""
        return json.dumps(self.details, ensure_ascii=False, sort_keys=True) if self.details else ""


GENESIS_HASH = "0" * 64


def _payload(event: AuditEvent) -> dict:
    return {
        "at": event.at.isoformat(),
        "actor_uuid": str(event.actor_uuid or ""),
        "actor_label": event.actor_label,
        "network_uuid": str(event.network_uuid or ""),
        "action": event.action,
        "target_type": event.target_type,
        "target_uuid": str(event.target_uuid or ""),
        "patient_uuid": str(event.patient_uuid or ""),
        "ip": event.ip or "",
        "user_agent": event.user_agent,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }


def _canonical(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def compute_event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(_payload(event)).encode()).hexdigest()


def event_hash_parts(event: AuditEvent) -> tuple[str, str]:
    """The canonical text compute_event_hash digests, around the previous event's hash:
    `head + prev_hash + tail`, so that the database can hash it once it has read the chain's
    head under its lock (services.record on PostgreSQL). The keys are sorted, so the text is
    the keys before "prev_hash", then it, then the keys after it."""
    payload = _payload(event)
    del payload["prev_hash"]
    before = _canonical({k: v for k, v in payload.items() if k < "prev_hash"})
    after = _canonical({k: v for k, v in payload.items() if k > "prev_hash"})
    return f'{before[:-1]},"prev_hash":"', f'",{after[1:]}'


class SecurityAlert(BaseModel):
    """Something in the audit trail the director should look at (PGSSI-S "watching the
    traces"), raised by a scheduled job and shown in-app until the director marks it handled."""

    class Kind(models.TextChoices):
        RECORD_VIEWS = "record_views", "Nombreux dossiers patients ouverts en une heure"

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="security_alerts"
    )
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="security_alerts",
        verbose_name="utilisateur concerné",
    )
    window_start = models.DateTimeField("début de la période")
    window_end = models.DateTimeField("fin de la période")
    count = models.PositiveIntegerField("nombre observé")
    threshold = models.PositiveIntegerField("seuil")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_alerts_handled",
    )
    handled_at = models.DateTimeField("traitée le", null=True, blank=True)
    note = models.TextField("suite donnée", blank=True)

    class Meta:
        verbose_name = "alerte de sécurité"
        ordering = ["-window_end", "-pk"]
        indexes = [models.Index(fields=["network", "handled_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(handled_at__isnull=True, handled_by__isnull=True)
                | models.Q(handled_at__isnull=False, handled_by__isnull=False),
                name="security_alert_handled_by_and_at_together",
            ),
            models.CheckConstraint(
                condition=models.Q(window_end__gt=models.F("window_start")),
                name="security_alert_window_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.subject} ({self.window_end:%Y-%m-%d %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.handled_at is None
