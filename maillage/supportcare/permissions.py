"""Who may see and change what in support care. Refusals are 404 (Http404), never 403.

- Funding lines, rules and budgets: read by coordinators, medical leads and directors; written by
  directors (they answer for the budget to the funder).
- Providers and statements: read by the same roles; written by those who may write financial
  data (`access.matrix`: coordinator, director). Bank details follow the same rule, and a change
  needs a second person.
- Referrals and sessions: coordinators and medical leads (medical evidence); directors read the
  budget and statements, not the evidence. Quota exceptions: medical lead or director.
- Providers' own accounts (external users) see only the referrals addressed to them.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from maillage.access.matrix import Category, can_read, can_write
from maillage.supportcare.models import (
    BankDetailsChange,
    FundingLine,
    Provider,
)

FUNDING_READ_ROLES = ("coordinator", "medical_lead", "director")
FUNDING_WRITE_ROLES = ("director",)
PROVIDER_READ_ROLES = tuple(r for r in FUNDING_READ_ROLES if can_read(r, Category.FINANCIAL))
PROVIDER_WRITE_ROLES = tuple(r for r in FUNDING_READ_ROLES if can_write(r, Category.FINANCIAL))
REFERRAL_ROLES = ("coordinator", "medical_lead")
EXCEPTION_ROLES = ("medical_lead", "director")


def _role(request) -> str | None:
    membership = getattr(request, "membership", None)
    return membership.role if membership else None


def can_manage_funding(request) -> bool:
    return _role(request) in FUNDING_WRITE_ROLES


def can_manage_providers(request) -> bool:
    return _role(request) in PROVIDER_WRITE_ROLES


def funding_lines_visible_to(request) -> QuerySet[FundingLine]:
    if _role(request) not in FUNDING_READ_ROLES:
        return FundingLine.objects.none()
    return FundingLine.objects.filter(network=request.network)


def get_funding_line_for_user(request, public_id) -> FundingLine:
    line = funding_lines_visible_to(request).filter(public_id=public_id).first()
    if line is None:
        raise Http404
    return line


def providers_visible_to(request) -> QuerySet[Provider]:
    if _role(request) not in PROVIDER_READ_ROLES + REFERRAL_ROLES:
        return Provider.objects.none()
    return Provider.objects.filter(network=request.network)


def get_provider_for_user(request, public_id) -> Provider:
    provider = (
        providers_visible_to(request)
        .select_related("professional", "organisation", "network")
        .filter(public_id=public_id)
        .first()
    )
    if provider is None:
        raise Http404
    return provider


def get_bank_change_for_user(request, public_id) -> BankDetailsChange:
    if not can_manage_providers(request):
        raise Http404
    change = (
        BankDetailsChange.objects.select_related("provider", "requested_by")
        .filter(public_id=public_id, provider__network=request.network)
        .first()
    )
    if change is None:
        raise Http404
    return change


def provider_ids_of_user(user) -> QuerySet:
    """Providers an external user acts for (active links, active providers)."""
    return Provider.objects.filter(
        accounts__user=user, accounts__is_active=True, is_active=True
    ).values("pk")


def can_read_convention_file(user, owner_public_id) -> bool:
    """A convention's signed document: the staff of its network who may read providers."""
    from maillage.supportcare.models import Convention

    if not user.is_authenticated or not user.is_staff_kind:
        return False
    return Convention.objects.filter(
        public_id=owner_public_id,
        provider__network__memberships__user=user,
        provider__network__memberships__is_active=True,
        provider__network__memberships__role__in=PROVIDER_READ_ROLES,
    ).exists()


# --- Referrals, sessions, statements (need the patient record) ---------------------------------


def _not_objected():
    """Patients without a current global objection to sharing."""
    from django.db.models import Exists, OuterRef

    from maillage.patients.models import Consent, ConsentKind, ConsentScope

    return ~Exists(
        Consent.objects.filter(
            patient=OuterRef("patient"),
            kind=ConsentKind.OBJECTION,
            scope=ConsentScope.ALL,
            withdrawn_at__isnull=True,
        )
    )


def can_handle_referrals(request) -> bool:
    return _role(request) in REFERRAL_ROLES


def referrals_visible_to(request):
    from maillage.supportcare.models import SupportCareReferral

    if not can_handle_referrals(request):
        return SupportCareReferral.objects.none()
    return SupportCareReferral.objects.filter(
        network=request.network, patient__merged_into__isnull=True
    )


def get_referral_for_user(request, public_id):
    referral = (
        referrals_visible_to(request)
        .select_related(
            "patient",
            "provider__professional",
            "provider__organisation",
            "funding_line",
            "rule",
            "entitlement",
            "thematic",
            "commune",
            "network",
        )
        .filter(public_id=public_id)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def provider_referrals_for(user):
    """What a provider's external user may see: referrals addressed to them, accepted by the
    patient, whose patient has not objected to sharing."""
    from maillage.supportcare.models import ReferralStatus, SupportCareReferral

    if not user.is_authenticated or not user.is_external or not user.is_active:
        return SupportCareReferral.objects.none()
    return SupportCareReferral.objects.filter(
        provider__in=provider_ids_of_user(user),
        status__in=[ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED],
        patient__merged_into__isnull=True,
        network__is_active=True,
    ).filter(_not_objected())


def get_provider_referral(request, public_id):
    if not request.user.is_authenticated or not request.user.is_verified():
        raise Http404
    referral = (
        provider_referrals_for(request.user)
        .select_related(
            "patient",
            "provider__professional",
            "provider__organisation",
            "network",
            "funding_line",
            "rule",
            "entitlement",
        )
        .filter(public_id=public_id)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def get_session_for_user(request, public_id):
    from maillage.supportcare.models import SupportSession

    session = SupportSession.objects.select_related("referral").filter(public_id=public_id).first()
    if session is None:
        raise Http404
    if request.user.is_external:
        get_provider_referral(request, session.referral.public_id)
    else:
        get_referral_for_user(request, session.referral.public_id)
    return session


def statements_visible_to(request):
    from maillage.supportcare.models import Statement

    user = request.user
    if user.is_authenticated and user.is_external and user.is_verified():
        return Statement.objects.filter(provider__in=provider_ids_of_user(user))
    if _role(request) in PROVIDER_READ_ROLES:
        return Statement.objects.filter(provider__network=request.network)
    return Statement.objects.none()


def get_statement_for_user(request, public_id):
    statement = (
        statements_visible_to(request)
        .select_related(
            "provider__professional",
            "provider__organisation",
            "provider__network",
            "issued_by",
            "paid_marked_by",
        )
        .filter(public_id=public_id)
        .first()
    )
    if statement is None:
        raise Http404
    return statement


def can_read_prescription_file(user, owner_public_id) -> bool:
    """A referral's prescription: the network's coordinators and medical leads only (never the
    provider, who sees only what the sessions need)."""
    from maillage.supportcare.models import SupportCareReferral

    if not user.is_authenticated or not user.is_staff_kind:
        return False
    return SupportCareReferral.objects.filter(
        public_id=owner_public_id,
        network__memberships__user=user,
        network__memberships__is_active=True,
        network__memberships__role__in=REFERRAL_ROLES,
    ).exists()
