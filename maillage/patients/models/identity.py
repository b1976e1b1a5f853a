"""The patient's identity, after the French identitovigilance rules (RNIV)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from maillage.core.fields import EncryptedTextField
from maillage.core.models import BaseModel
from maillage.core.text import normalise


class Sex(models.TextChoices):
    FEMALE = "F", "Féminin"
    MALE = "M", "Masculin"
    UNDETERMINED = "I", "Indéterminé"


class IdentityStatus(models.TextChoices):
    """RNIV statuses. Récupérée and qualifiée come only from the INSi teleservice."""

    PROVISIONAL = "provisoire", "Identité provisoire"
    RETRIEVED = "recuperee", "Identité récupérée"
    VALIDATED = "validee", "Identité validée"
    QUALIFIED = "qualifiee", "Identité qualifiée"


# The statuses a person may choose by hand; the others are reserved to the INSi teleservice.
MANUAL_IDENTITY_STATUSES = (IdentityStatus.PROVISIONAL, IdentityStatus.VALIDATED)
# Statuses whose traits come from the national registry and are not edited by hand.
INSI_IDENTITY_STATUSES = (IdentityStatus.RETRIEVED, IdentityStatus.QUALIFIED)


class IdentityDocument(models.TextChoices):
    """High-trust documents accepted by the RNIV to validate an identity."""

    ID_CARD = "cni", "Carte nationale d'identité"
    PASSPORT = "passeport", "Passeport"
    RESIDENCE_PERMIT = "titre_sejour", "Titre de séjour permanent"
    FAMILY_BOOK = "livret_famille", "Livret de famille (mineur)"
    BIRTH_CERTIFICATE = "acte_naissance", "Extrait d'acte de naissance (mineur)"


class LegalProtection(models.TextChoices):
    NONE = "", "Aucune"
    SAFEGUARD = "sauvegarde", "Sauvegarde de justice"
    SIMPLE_CURATORSHIP = "curatelle_simple", "Curatelle simple"
    REINFORCED_CURATORSHIP = "curatelle_renforcee", "Curatelle renforcée"
    GUARDIANSHIP = "tutelle", "Tutelle"
    FAMILY_AUTHORISATION = "habilitation_familiale", "Habilitation familiale"
    FUTURE_PROTECTION = "mandat_protection_future", "Mandat de protection future"


# The five RNIV traits: changing one on a validated identity needs the document again.
STRICT_TRAITS = ("birth_name", "first_names", "birth_date", "sex", "birth_insee_code")


class Patient(BaseModel):
    """A person followed by one network. Never deleted by the application; merged records keep
    their row (`merged_into`) so that a merge can be undone.

    The NIR typed by hand is a *declared* NIR: checked, stored encrypted, searchable through a
    keyed digest, never presented as an INS. The INS (matricule + OID) exists only for a
    qualified identity (database constraint).
    """

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="patients"
    )
    # Identity traits (RNIV).
    birth_name = models.CharField("nom de naissance", max_length=100)
    used_name = models.CharField("nom utilisé", max_length=100, blank=True)
    first_names = models.CharField(
        "prénoms de naissance",
        max_length=200,
        help_text="Tous les prénoms de l'acte de naissance, dans l'ordre, séparés par un espace.",
    )
    used_first_name = models.CharField("prénom utilisé", max_length=100, blank=True)
    birth_date = models.DateField("date de naissance")
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_insee_code = models.CharField("code INSEE du lieu de naissance", max_length=5, blank=True)
    birth_country = models.CharField("pays de naissance", max_length=100, blank=True)
    is_doubtful = models.BooleanField("identité douteuse", default=False)
    is_fictitious = models.BooleanField("identité fictive", default=False)
    identity_status = models.CharField(
        "statut de l'identité",
        max_length=12,
        choices=IdentityStatus.choices,
        default=IdentityStatus.PROVISIONAL,
    )
    identity_document = models.CharField(
        "pièce d'identité vue", max_length=20, choices=IdentityDocument.choices, blank=True
    )
    identity_validated_at = models.DateTimeField("identité validée le", null=True, blank=True)
    identity_validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="identité validée par",
    )
    declared_nir = EncryptedTextField("NIR déclaré", blank=True)
    declared_nir_digest = models.CharField(max_length=64, blank=True, db_index=True)
    ins_matricule = EncryptedTextField("matricule INS", blank=True)
    ins_oid = models.CharField("OID de l'INS", max_length=64, blank=True)
    ins_digest = models.CharField(max_length=64, blank=True, db_index=True)
    # Contact.
    address = models.CharField("adresse", max_length=250, blank=True)
    address_complement = models.CharField("complément d'adresse", max_length=250, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    phone = models.CharField("téléphone", max_length=20, blank=True)
    mobile_phone = models.CharField("téléphone portable", max_length=20, blank=True)
    email = models.EmailField("courriel", blank=True)
    # Legal protection.
    legal_protection = models.CharField(
        "mesure de protection",
        max_length=30,
        choices=LegalProtection.choices,
        blank=True,
    )
    legal_representative_name = models.CharField("représentant légal", max_length=200, blank=True)
    legal_representative_contact = models.CharField(
        "coordonnées du représentant légal", max_length=250, blank=True
    )
    # Normalised names for search and duplicate detection (maillage.core.text.normalise).
    search_birth_name = models.CharField(max_length=100, editable=False, default="")
    search_used_name = models.CharField(max_length=100, editable=False, default="")
    search_first_names = models.CharField(max_length=300, editable=False, default="")
    # Optimistic locking: every edit form carries the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed_records",
        verbose_name="fusionné dans",
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "patient"
        ordering = ["search_birth_name", "search_first_names", "birth_date"]
        indexes = [
            models.Index(fields=["network", "birth_date"]),
            models.Index(fields=["network", "search_birth_name"]),
            models.Index(fields=["network", "search_used_name"]),
            models.Index(fields=["network", "commune"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_status=IdentityStatus.QUALIFIED)
                | (Q(ins_matricule="") & Q(ins_oid="") & Q(ins_digest="")),
                name="patient_ins_only_when_qualified",
            ),
            models.CheckConstraint(
                condition=Q(
                    identity_status__in=[IdentityStatus.PROVISIONAL, IdentityStatus.RETRIEVED]
                )
                | ~Q(identity_document=""),
                name="patient_validated_identity_has_document",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, merged_at__isnull=True)
                | Q(merged_into__isnull=False, merged_at__isnull=False),
                name="patient_merge_fields_together",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def refresh_search_fields(self) -> None:
        self.search_birth_name = normalise(self.birth_name)
        self.search_used_name = normalise(self.used_name)
        self.search_first_names = normalise(f"{self.first_names} {self.used_first_name}")

    def save(self, *args, **kwargs):
        self.refresh_search_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "search_birth_name",
                "search_used_name",
                "search_first_names",
            }
        super().save(*args, **kwargs)

    @property
    def first_first_name(self) -> str:
        return (self.first_names.split() or [""])[0]

    @property
    def display_first_name(self) -> str:
        return self.used_first_name or self.first_first_name

    @property
    def display_name(self) -> str:
        """RNIV display: birth name in capitals, then the used name if different, first name."""
        name = self.birth_name.upper()
        if self.used_name and normalise(self.used_name) != normalise(self.birth_name):
            name += f" ({self.used_name.upper()})"
        return f"{name} {self.display_first_name}".strip()

    @property
    def age(self) -> int:
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def has_ins(self) -> bool:
        return self.identity_status == IdentityStatus.QUALIFIED and bool(self.ins_matricule)

    @property
    def identity_traits_locked(self) -> bool:
        return self.identity_status in INSI_IDENTITY_STATUSES
