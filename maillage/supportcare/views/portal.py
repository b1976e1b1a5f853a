"""The provider's own pages (external account, second factor passed): only the referrals
addressed to them, and only what a session needs — no diagnosis, no evidence."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import external_view
from maillage.audit import record
from maillage.supportcare import permissions, selectors
from maillage.supportcare.forms_referrals import SessionForm
from maillage.supportcare.views.referrals import _record_session


@external_view
@require_http_methods(["GET"])
def provider_home(request):
    referrals = selectors.referral_list(permissions.provider_referrals_for(request.user))
    page = Paginator(referrals, 25).get_page(request.GET.get("page"))
    record(
        "supportcare.provider_portal.listed",
        request=request,
        details={"page": page.number, "count": page.paginator.count},
    )
    statements = selectors.statement_list(permissions.statements_visible_to(request))[:12]
    to_state = selectors.months_to_state(
        permissions.provider_ids_of_user(request.user), timezone.localdate()
    )
    return render(
        request,
        "supportcare/provider_home.html",
        {"page_obj": page, "statements": list(statements), "to_state": to_state},
    )


@external_view
@require_http_methods(["GET"])
def provider_referral(request, public_id):
    referral = permissions.get_provider_referral(request, public_id)
    record(
        "supportcare.referral.viewed",
        request=request,
        target=referral,
        patient=referral.patient,
        network=referral.network,
        details={"portal": True},
    )
    return render(
        request,
        "supportcare/provider_referral.html",
        {
            "referral": referral,
            "sessions": list(selectors.referral_sessions(referral)),
            "quota": selectors.referral_quota(referral),
            "session_form": SessionForm(provider=referral.provider),
        },
    )


@external_view
@require_POST
def provider_session_create(request, public_id):
    referral = permissions.get_provider_referral(request, public_id)
    return _record_session(
        request, referral, "supportcare:provider_referral", "supportcare/provider_referral.html"
    )
