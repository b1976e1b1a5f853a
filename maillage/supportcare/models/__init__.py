"""Support care (soins de support): funding lines and their versioned rules, providers under
convention, and (see `referrals`) referrals, entitlements, sessions and statements."""

from maillage.supportcare.models.choices import (
    ActKind,
    Funder,
    PrescriberRole,
    SupportKind,
    TreatmentCondition,
    TreatmentPhase,
)
from maillage.supportcare.models.funding import ActPrice, FundingLine, QuotaLimit, RuleVersion
from maillage.supportcare.models.providers import (
    BankChangeStatus,
    BankDetailsChange,
    Convention,
    Provider,
    ProviderAccount,
    ProviderOffer,
    ProviderPlace,
)

__all__ = [
    "ActKind",
    "ActPrice",
    "BankChangeStatus",
    "BankDetailsChange",
    "Convention",
    "Funder",
    "FundingLine",
    "PrescriberRole",
    "Provider",
    "ProviderAccount",
    "ProviderOffer",
    "ProviderPlace",
    "QuotaLimit",
    "RuleVersion",
    "SupportKind",
    "TreatmentCondition",
    "TreatmentPhase",
]
