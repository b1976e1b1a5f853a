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
from maillage.supportcare.models.referrals import (
    OPEN_REFERRAL_STATUSES,
    Entitlement,
    QuotaException,
    ReferralStatus,
    ReferralTransition,
    SessionStatus,
    Statement,
    StatementStatus,
    SupportCareReferral,
    SupportSession,
)

__all__ = [
    "OPEN_REFERRAL_STATUSES",
    "ActKind",
    "ActPrice",
    "BankChangeStatus",
    "BankDetailsChange",
    "Convention",
    "Entitlement",
    "Funder",
    "FundingLine",
    "PrescriberRole",
    "Provider",
    "ProviderAccount",
    "ProviderOffer",
    "ProviderPlace",
    "QuotaException",
    "QuotaLimit",
    "ReferralStatus",
    "ReferralTransition",
    "RuleVersion",
    "SessionStatus",
    "Statement",
    "StatementStatus",
    "SupportCareReferral",
    "SupportKind",
    "SupportSession",
    "TreatmentCondition",
    "TreatmentPhase",
]
