"""Reads of the support-care app, with their select_related/prefetch."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from maillage.supportcare.models import (
    ActPrice,
    BankChangeStatus,
    BankDetailsChange,
    FundingLine,
    Provider,
    QuotaLimit,
    RuleVersion,
)


def rule_versions_of(line: FundingLine) -> QuerySet[RuleVersion]:
    return (
        line.rule_versions.select_related("thematic", "created_by")
        .prefetch_related(
            Prefetch("prices", queryset=ActPrice.objects.order_by("kind", "act_kind")),
            Prefetch("limits", queryset=QuotaLimit.objects.order_by("id")),
        )
        .order_by("-valid_from")
    )


def rule_in_force(line: FundingLine, day: date) -> RuleVersion | None:
    return (
        rule_versions_of(line)
        .filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )


def funding_line_list(qs: QuerySet[FundingLine]) -> QuerySet[FundingLine]:
    return qs.order_by("-starts_on", "name")


def provider_list(qs: QuerySet[Provider], *, kind: str = "", active_only: bool = False):
    qs = qs.select_related("professional", "organisation").prefetch_related("offers")
    if kind:
        qs = qs.filter(offers__kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "professional__search_name", "organisation__search_name")


def provider_detail(provider: Provider) -> dict:
    return {
        "offers": list(provider.offers.all()),
        "places": list(provider.places.select_related("commune").order_by("name")),
        "conventions": list(provider.conventions.select_related("document").order_by("-starts_on")),
        "accounts": list(provider.accounts.select_related("user").order_by("user__email")),
        "bank_changes": list(
            provider.bank_changes.select_related("requested_by", "decided_by").order_by(
                "-requested_at"
            )[:10]
        ),
    }


def pending_bank_changes(network) -> QuerySet[BankDetailsChange]:
    return BankDetailsChange.objects.filter(
        provider__network=network, status=BankChangeStatus.PENDING
    ).select_related("provider__professional", "provider__organisation", "requested_by")


# --- Referrals, sessions, statements ----------------------------------------------------------


def referral_list(qs, *, status: str = ""):
    from django.db.models import Count

    from maillage.supportcare.models import SessionStatus

    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related(
            "patient",
            "network",
            "provider__professional",
            "provider__organisation",
            "funding_line",
        )
        .annotate(held_count=Count("sessions", filter=Q(sessions__status=SessionStatus.HELD)))
        .order_by("-referred_on", "-created_at")
    )


def referral_sessions(referral):
    return referral.sessions.select_related("place", "recorded_by", "statement").order_by(
        "day", "start_time", "id"
    )


def referral_quota(referral) -> dict:
    """Where the referral stands: held, left, warnings (first session, one left, reached)."""
    from maillage.supportcare import quota
    from maillage.supportcare.models import SessionStatus
    from maillage.supportcare.services.referrals import allowance_for, held_acts

    held = referral.sessions.filter(status=SessionStatus.HELD).count()
    rule = rule_in_force(referral.funding_line, date.today()) or referral.rule
    acts = held_acts(referral.entitlement)
    left_rule = quota.remaining_sessions(
        rule, referral.kind, acts, allowance_for(referral.entitlement)
    )
    left = max(min(referral.sessions_granted - held, left_rule), 0)
    badges = []
    if held == 0 and referral.is_open:
        badges.append(("info", "Première séance à venir"))
    if left == 1 and referral.is_open:
        badges.append(("alert", "Plus qu'une séance"))
    if left == 0 and referral.is_open:
        badges.append(("alert", "Quota atteint"))
    return {
        "held": held,
        "left": left,
        "badges": badges,
        "used_amount": referral.entitlement.used_amount,
    }


def statement_sessions(statement):
    return statement.sessions.select_related(
        "referral__patient", "referral__funding_line"
    ).order_by("day", "start_time", "id")


def statement_list(qs):
    return qs.select_related("provider__professional", "provider__organisation").order_by(
        "-month", "provider__professional__search_name"
    )


def months_to_state(providers: QuerySet, today: date) -> list[dict]:
    """Held sessions not yet on a statement, per provider and month: the running statement of
    the current month (provisional, `is_open`) and finished months still to be issued.
    One aggregate query plus one for the providers."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncMonth

    from maillage.supportcare.dates import month_start
    from maillage.supportcare.models import SessionStatus, SupportSession

    rows = list(
        SupportSession.objects.filter(
            provider__in=providers, status=SessionStatus.HELD, statement__isnull=True
        )
        .annotate(month=TruncMonth("day"))
        .values("provider_id", "month")
        .annotate(count=Count("id"), total=Sum("price"))
        .order_by("-month", "provider_id")
    )
    by_pk = Provider.objects.select_related("professional", "organisation").in_bulk(
        {row["provider_id"] for row in rows}
    )
    current = month_start(today)
    return [
        {
            "provider": by_pk[row["provider_id"]],
            "month": row["month"],
            "count": row["count"],
            "total": row["total"],
            "is_open": row["month"] >= current,
        }
        for row in rows
    ]
