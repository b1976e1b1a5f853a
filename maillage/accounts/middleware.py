"""Session rules: lifetime and idle limit, mandatory second factor, the staff's active network."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from maillage.accounts.request_user import NOT_LOADED, preloaded_membership

# Paths a logged-in user may reach before passing the second factor.
_OTP_EXEMPT_PREFIXES = ("/compte/2fa/", "/compte/deconnexion/", "/static/", "/compte/connexion/")
# Requests sent by background polling (htmx `every …`) carry this header: not user activity.
POLL_HEADER = "HTTP_X_MAILLAGE_POLL"

SESSION_LOGIN_AT = "maillage_login_at"
SESSION_LAST_SEEN = "maillage_last_seen"
SESSION_EPOCH = "maillage_epoch"
SESSION_NETWORK = "maillage_network"
# The same network's primary key, so that the request's user query can join its membership
# (request_user.load_user); always checked against SESSION_NETWORK, which decides.
SESSION_NETWORK_PK = "maillage_network_pk"
SESSION_REAUTH_AT = "maillage_reauth_at"
# The last-activity stamp is rewritten at most this often: an unchanged session is not saved,
# so most requests write nothing. The stamp may lag real activity by up to this much, which can
# only end an idle session earlier (never later) than SESSION_IDLE_SECONDS after the last request.
ACTIVITY_STAMP_SECONDS = 60


class SessionLifetimeMiddleware:
    """Ends a session after 30 minutes idle, 12 hours in all, or after "log out everywhere"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.get(SESSION_LOGIN_AT, now)
            last_seen = session.get(SESSION_LAST_SEEN)
            stamp_due = last_seen is None or now - last_seen >= ACTIVITY_STAMP_SECONDS
            last_seen = now if last_seen is None else last_seen
            expired = (
                now - login_at > settings.SESSION_COOKIE_AGE
                or now - last_seen > settings.SESSION_IDLE_SECONDS
                or session.get(SESSION_EPOCH, 0) != user.session_epoch
            )
            if expired:
                logout(request)
                login_url = reverse(settings.LOGIN_URL) + "?expiree=1"
                if request.headers.get("HX-Request"):
                    # A redirect would be followed inside the XHR; htmx navigates on this header.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_url
                    return response
                return redirect(login_url)
            if stamp_due and not request.META.get(POLL_HEADER):
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Nobody reaches anything but the second-factor pages without a verified device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OTP_EXEMPT_PREFIXES)
        ):
            return redirect("accounts:otp_verify")
        return self.get_response(request)


class ActiveNetworkMiddleware:
    """Sets request.network and request.membership for staff, re-checking the membership on
    every request: a membership removed a second ago gives 404 at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.network = None
        request.membership = None
        user = request.user
        if user.is_authenticated and user.is_verified() and user.is_staff_kind:
            from maillage.accounts.models import Membership

            network_id = request.session.get(SESSION_NETWORK)
            if network_id:
                # Joined to the user's own query when possible (request_user.load_user).
                membership = preloaded_membership(user, network_id)
                if membership is NOT_LOADED:
                    membership = (
                        Membership.objects.select_related("network")
                        .filter(
                            user=user,
                            network__public_id=network_id,
                            is_active=True,
                            network__is_active=True,
                        )
                        .first()
                    )
                if membership is None:
                    request.session.pop(SESSION_NETWORK, None)
                    request.session.pop(SESSION_NETWORK_PK, None)
                    raise Http404("Vous n'appartenez plus à ce réseau.")
                request.network = membership.network
                request.membership = membership
            else:
                memberships = list(
                    Membership.objects.select_related("network").filter(
                        user=user, is_active=True, network__is_active=True
                    )[:2]
                )
                if len(memberships) == 1:
                    request.session[SESSION_NETWORK] = str(memberships[0].network.public_id)
                    request.session[SESSION_NETWORK_PK] = memberships[0].network_id
                    request.network = memberships[0].network
                    request.membership = memberships[0]
        return self.get_response(request)
