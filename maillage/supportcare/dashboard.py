"""Dashboard panel: support-care counts for staff, upcoming sessions for a provider.

The staff panel costs the dashboard no query: it loads its figures from
`supportcare:dashboard_panel` (htmx, on load; a plain link without JavaScript). The provider's
panel costs one query."""

from django.db.models import Count, Q
from django.utils import timezone

from maillage.supportcare.dates import month_start


def support_care_panel(request):
    from maillage.supportcare import permissions
    from maillage.supportcare.models import ReferralStatus, SessionStatus

    user = request.user
    today = timezone.localdate()
    running = [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS]
    if user.is_external:
        counts = permissions.provider_referrals_for(user).aggregate(
            open=Count("pk", filter=Q(status__in=running), distinct=True),
            upcoming=Count(
                "sessions",
                filter=Q(sessions__status=SessionStatus.SCHEDULED, sessions__day__gte=today),
            ),
        )
        if not counts["open"] and not counts["upcoming"]:
            return None
        return {
            "title": "Mes séances de soins de support",
            "template": "supportcare/panel_provider.html",
            **counts,
        }
    role = getattr(getattr(request, "membership", None), "role", None)
    if role not in permissions.FUNDING_READ_ROLES:
        return None
    return {"title": "Soins de support", "template": "supportcare/panel_lazy.html"}


def staff_panel_figures(request) -> dict:
    """The staff panel's figures: one query for a director, two for the referral roles."""
    from maillage.supportcare import permissions
    from maillage.supportcare.budget import ZERO, LineBudget, lines_with_commitments
    from maillage.supportcare.models import ReferralStatus

    role = request.membership.role
    today = timezone.localdate()
    running = [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS]
    counts = {"proposed": 0, "in_progress": 0}
    if role in permissions.REFERRAL_ROLES:
        counts.update(
            permissions.referrals_visible_to(request).aggregate(
                proposed=Count("pk", filter=Q(status=ReferralStatus.PROPOSED)),
                in_progress=Count("pk", filter=Q(status__in=running)),
            )
        )
    lines = list(
        lines_with_commitments(
            permissions.funding_lines_visible_to(request).filter(is_active=True),
            since=month_start(today),
            until=today,
        )[:20]
    )
    budgets = (LineBudget(line, line.budget, line.committed_sum, ZERO) for line in lines)
    return {
        "budget_alerts": [b for b in budgets if b.alert],
        "held_this_month": sum(line.held_in_period for line in lines),
        "show_referrals": role in permissions.REFERRAL_ROLES,
        **counts,
    }
