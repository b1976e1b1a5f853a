"""Dashboard panel: support-care counts for staff, upcoming sessions for a provider."""

from django.db.models import Count, Q
from django.utils import timezone

from maillage.supportcare.dates import month_start


def support_care_panel(request):
    from maillage.supportcare import permissions
    from maillage.supportcare.budget import budgets_for
    from maillage.supportcare.models import (
        ReferralStatus,
        SessionStatus,
        SupportSession,
    )

    user = request.user
    today = timezone.localdate()
    if user.is_external:
        referrals = permissions.provider_referrals_for(user)
        if not referrals.exists():
            return None
        counts = referrals.aggregate(
            open=Count(
                "pk",
                filter=Q(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS]),
                distinct=True,
            ),
            upcoming=Count(
                "sessions",
                filter=Q(sessions__status=SessionStatus.SCHEDULED, sessions__day__gte=today),
            ),
        )
        return {
            "title": "Mes séances de soins de support",
            "template": "supportcare/panel_provider.html",
            **counts,
        }
    role = getattr(getattr(request, "membership", None), "role", None)
    if role not in permissions.FUNDING_READ_ROLES:
        return None
    network = request.network
    counts = {"proposed": 0, "in_progress": 0, "held_this_month": 0}
    if role in permissions.REFERRAL_ROLES:
        counts.update(
            permissions.referrals_visible_to(request).aggregate(
                proposed=Count("pk", filter=Q(status=ReferralStatus.PROPOSED)),
                in_progress=Count(
                    "pk", filter=Q(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS])
                ),
            )
        )
    counts["held_this_month"] = SupportSession.objects.filter(
        provider__network=network,
        status=SessionStatus.HELD,
        day__gte=month_start(today),
        day__lte=today,
    ).count()
    lines = list(permissions.funding_lines_visible_to(request).filter(is_active=True)[:20])
    alerts = [b for b in budgets_for(lines) if b.alert]
    return {
        "title": "Soins de support",
        "template": "supportcare/panel_staff.html",
        "budget_alerts": alerts,
        "show_referrals": role in permissions.REFERRAL_ROLES,
        **counts,
    }
