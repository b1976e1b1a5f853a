"""People who log in: staff of a network (through Membership) or external professionals."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin
from django_otp.oath import TOTP

from maillage.core.fields import EncryptedTextField
from maillage.core.models import BaseModel


class UserKind(models.TextChoices):
    STAFF = "staff", "Salarié du réseau"
    EXTERNAL = "external", "Professionnel extérieur"


class Role(models.TextChoices):
    RECEPTION = "reception", "Accueil"
    COORDINATOR = "coordinator", "Coordinateur·rice de parcours"
    MEDICAL_LEAD = "medical_lead", "Médecin coordonnateur"
    DIRECTOR = "director", "Direction"
    NETWORK_ADMIN = "network_admin", "Administrateur du réseau"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """A login. Deactivated, never deleted, so the audit trail keeps its meaning.

    `is_superuser` opens the Django admin only; it grants no access to patient data, which always
    goes through a network membership or a patient's care team.
    """

    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    kind = models.CharField("type de compte", max_length=10, choices=UserKind.choices)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # Raised by "log out everywhere" and by a password change: older sessions are refused.
    session_epoch = models.PositiveIntegerField(default=0)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name", "kind"]

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_staff_kind(self) -> bool:
        return self.kind == UserKind.STAFF

    @property
    def is_external(self) -> bool:
        return self.kind == UserKind.EXTERNAL


class Membership(BaseModel):
    """A staff user's place in a network: role, profession and full-time equivalent."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    profession = models.CharField("profession", max_length=120, blank=True)
    fte = models.DecimalField("ETP", max_digits=3, decimal_places=2, default=1)
    is_active = models.BooleanField("active", default=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    can_merge_identities = models.BooleanField(
        "référent identitovigilance (fusion de dossiers)", default=False
    )

    class Meta:
        verbose_name = "appartenance"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network"],
                condition=models.Q(is_active=True),
                name="one_active_membership_per_network",
            ),
            models.CheckConstraint(
                condition=models.Q(fte__gte=0) & models.Q(fte__lte=1), name="membership_fte_range"
            ),
        ]
        indexes = [models.Index(fields=["network", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.network} ({self.get_role_display()})"


class EncryptedTOTPDevice(ThrottlingMixin, Device):
    """A TOTP authenticator whose secret is stored encrypted (django-otp's keeps it in clear)."""

    encrypted_key = EncryptedTextField()
    step = models.PositiveSmallIntegerField(default=30)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "application d'authentification"

    @classmethod
    def new_key(cls) -> str:
        return secrets.token_hex(20)

    @property
    def bin_key(self) -> bytes:
        return bytes.fromhex(self.encrypted_key)

    def get_throttle_factor(self) -> int:
        return 1

    def totp(self) -> TOTP:
        return TOTP(self.bin_key, self.step, 0, self.digits, 0)

    def verify_token(self, token) -> bool:
        verify_allowed, _ = self.verify_is_allowed()
        if not verify_allowed:
            return False
        try:
            token = int(str(token).strip())
        except ValueError:
            self.throttle_increment()
            return False
        totp = self.totp()
        totp.time = timezone.now().timestamp()
        verified = totp.verify(token, self.tolerance, self.last_t + 1)
        if verified:
            self.last_t = totp.t()
            self.throttle_reset(commit=False)
            self.save(
                update_fields=["last_t", "throttling_failure_timestamp", "throttling_failure_count"]
            )
        else:
            self.throttle_increment()
        return verified

    def provisioning_uri(self) -> str:
        import base64
        from urllib.parse import quote, urlencode

        secret = base64.b32encode(self.bin_key).decode().rstrip("=")
        label = quote(f"{settings.OTP_TOTP_ISSUER}:{self.user.email}")
        query = urlencode(
            {
                "secret": secret,
                "issuer": settings.OTP_TOTP_ISSUER,
                "digits": self.digits,
                "period": self.step,
            }
        )
        return f"otpauth://totp/{label}?{query}"


def hash_recovery_code(code: str, salt: str) -> str:
    """Recovery codes carry ~60 random bits; a salted SHA-256 keeps them unreadable at rest."""
    normalised = code.replace("-", "").replace(" ", "").lower()
    return hashlib.sha256(f"{salt}:{normalised}".encode()).hexdigest()


def new_recovery_salt() -> str:
    return secrets.token_hex(16)  # 32 hex characters: the column's length


class RecoveryCodeDevice(Device):
    """Single-use recovery codes, stored only as keyed hashes."""

    salt = models.CharField(max_length=32, default=new_recovery_salt)

    class Meta(Device.Meta):
        verbose_name = "codes de secours"

    def verify_token(self, token) -> bool:
        digest = hash_recovery_code(str(token), self.salt)
        match = self.codes.filter(code_hash=digest, used_at__isnull=True).first()
        if match is None:
            return False
        match.used_at = timezone.now()
        match.save(update_fields=["used_at"])
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "code de secours" + (" (utilisé)" if self.used_at else "")


class RoleReview(BaseModel):
    """The director's quarterly confirmation of who holds which role in a network (PGSSI-S).

    `snapshot` keeps the list as it was confirmed (name, email, role, profession, FTE), so the
    review stays readable after people come and go.
    """

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="role_reviews"
    )
    year = models.PositiveSmallIntegerField("année")
    quarter = models.PositiveSmallIntegerField("trimestre")
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="role_reviews_confirmed"
    )
    confirmed_at = models.DateTimeField("confirmée le")
    snapshot = models.JSONField("rôles confirmés", default=list)
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "revue des rôles"
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "quarter"], name="one_role_review_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1) & models.Q(quarter__lte=4),
                name="role_review_quarter_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Revue des rôles {self.year} T{self.quarter} — {self.network}"

    @property
    def period_label(self) -> str:
        return f"{self.quarter}{'er' if self.quarter == 1 else 'e'} trimestre {self.year}"
