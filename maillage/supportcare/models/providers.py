"""Providers of support care under convention with a network, and their bank details.

A provider is a directory professional or organisation (exactly one). Bank details are stored
encrypted and shown masked; a change is a `BankDetailsChange` requested by one staff member and
approved by another (the database refuses an approval by the requester), then notified to the
provider.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from maillage.core.fields import EncryptedTextField
from maillage.core.models import BaseModel
from maillage.supportcare.models.choices import SupportKind


def mask_iban(iban: str) -> str:
    """'FR7630006000011234567890189' -> 'FR76 •••• •••• •••• •••• •••0 189' (country, key and
    the last four characters only)."""
    if not iban:
        return ""
    compact = iban.replace(" ", "").upper()
    hidden = compact[:4] + "•" * (len(compact) - 8) + compact[-4:]
    return " ".join(hidden[i : i + 4] for i in range(0, len(hidden), 4))


class Provider(BaseModel):
    """A professional or a structure that delivers support care for a network under convention."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="support_providers"
    )
    professional = models.ForeignKey(
        "directory.Professional",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_providers",
        verbose_name="professionnel",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_providers",
        verbose_name="structure",
    )
    email = models.EmailField(
        "courriel pour les avis et relevés",
        help_text="Reçoit les avis de changement de coordonnées bancaires et les relevés.",
    )
    phone = models.CharField("téléphone", max_length=30, blank=True)
    is_active = models.BooleanField("actif", default=True)
    iban = EncryptedTextField("IBAN", blank=True)
    account_holder = models.CharField("titulaire du compte", max_length=200, blank=True)
    bank_details_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["network", "id"]
        verbose_name = "intervenant conventionné"
        verbose_name_plural = "intervenants conventionnés"
        constraints = [
            models.CheckConstraint(
                condition=(Q(professional__isnull=False) & Q(organisation__isnull=True))
                | (Q(professional__isnull=True) & Q(organisation__isnull=False)),
                name="provider_professional_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["network", "professional"],
                condition=Q(professional__isnull=False),
                name="provider_unique_professional_per_network",
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=Q(organisation__isnull=False),
                name="provider_unique_organisation_per_network",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.professional_id:
            return self.professional.display_name
        return self.organisation.name if self.organisation_id else ""

    @property
    def masked_iban(self) -> str:
        return mask_iban(self.iban)

    @property
    def kind_values(self) -> list[str]:
        """Kinds offered (uses the prefetch cache of `offers`)."""
        return sorted(o.kind for o in self.offers.all())


class ProviderOffer(models.Model):
    """One kind of support care a provider delivers."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField("soin de support", max_length=20, choices=SupportKind.choices)

    class Meta:
        ordering = ["kind"]
        verbose_name = "soin proposé"
        constraints = [
            models.UniqueConstraint(fields=["provider", "kind"], name="provider_offer_unique")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ProviderPlace(BaseModel):
    """A place where the provider receives patients (office, structure, sports hall…)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="places")
    name = models.CharField("lieu", max_length=200)
    address = models.CharField("adresse", max_length=300, blank=True)
    commune = models.ForeignKey(
        "core.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "lieu d'intervention"

    def __str__(self) -> str:
        return self.name


class Convention(BaseModel):
    """A signed convention between the network and a provider, valid over a span of dates; the
    signed document is kept by the uploads service (`maillage.files`), readable by the staff of
    the network who may read providers."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="conventions")
    reference = models.CharField("référence", max_length=100, blank=True)
    signed_on = models.DateField("signée le")
    starts_on = models.DateField("valable à partir du")
    ends_on = models.DateField("valable jusqu'au", null=True, blank=True)
    document = models.ForeignKey(
        "files.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="document signé",
    )
    notes = models.TextField("notes", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["provider", "-starts_on"]
        verbose_name = "convention"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="convention_period_order",
            ),
        ]

    def __str__(self) -> str:
        end = f" au {self.ends_on:%d/%m/%Y}" if self.ends_on else ""
        return f"Convention du {self.starts_on:%d/%m/%Y}{end}"

    def covers(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class BankChangeStatus(models.TextChoices):
    PENDING = "pending", "En attente d'approbation"
    APPROVED = "approved", "Approuvée"
    REJECTED = "rejected", "Refusée"


class BankDetailsChange(BaseModel):
    """A requested change of a provider's bank details, applied only once a second staff member
    approves it. The new IBAN is stored encrypted here too until it is applied."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="bank_changes")
    iban = EncryptedTextField("nouvel IBAN")
    account_holder = models.CharField("titulaire du compte", max_length=200)
    status = models.CharField(
        max_length=10, choices=BankChangeStatus.choices, default=BankChangeStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("motif", max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "changement de coordonnées bancaires"
        constraints = [
            models.UniqueConstraint(
                fields=["provider"],
                condition=Q(status="pending"),
                name="bank_change_one_pending_per_provider",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="bank_change_second_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} — {self.get_status_display()}"

    @property
    def masked_iban(self) -> str:
        return mask_iban(self.iban)


class ProviderAccount(BaseModel):
    """An external user who logs in to record sessions for a provider (second factor required,
    as for every account)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="accounts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_provider_links"
    )
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "compte d'intervenant"
        constraints = [
            models.UniqueConstraint(fields=["provider", "user"], name="provider_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.provider}"
