"""External professionals' logins: the link to the directory and single-use invitations."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from maillage.core.models import BaseModel

INVITATION_VALIDITY = timedelta(hours=72)


class ExternalProfile(BaseModel):
    """An external login (`User.kind == external`) standing for one directory professional.

    Kept in this app rather than on `User` so that accounts stays independent of the directory.
    A care-team member pointing at the professional gives this login access to the record.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="external_profile"
    )
    professional = models.OneToOneField(
        "directory.Professional",
        on_delete=models.PROTECT,
        related_name="external_profile",
        verbose_name="professionnel de l'annuaire",
    )

    class Meta:
        verbose_name = "compte de professionnel extérieur"

    def __str__(self) -> str:
        return f"{self.user} → {self.professional}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ExternalInvitation(BaseModel):
    """A single-use link, valid 72 hours, letting an external professional choose a password
    (then enrol the second factor before seeing anything). Only the token's hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="external_invitations"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField("adresse électronique")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation d'un professionnel extérieur"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="external_invitation_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation de {self.email}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()
