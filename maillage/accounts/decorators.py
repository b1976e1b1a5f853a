"""`reauth_required(action)`: the sensitive actions of `maillage.access.matrix.SENSITIVE_ACTIONS`
ask for the password again when the last authentication is older than REAUTH_MAX_AGE_SECONDS."""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from maillage.access.matrix import SENSITIVE_ACTIONS


def reauth_url(request) -> str:
    """The re-authentication page, coming back to this page (its GET form) afterwards."""
    return f"{reverse('accounts:reauth')}?{urlencode({'next': request.get_full_path()})}"


def reauth_required(action: str):
    """Place it under the access decorator (`staff_required`…), so that refusals stay 404.

    A stale POST is not applied: the user confirms their password, comes back to the form (GET
    of the same URL) and submits again, knowingly."""
    if action not in SENSITIVE_ACTIONS:
        raise ImproperlyConfigured(
            f"'{action}' is not listed in maillage.access.matrix.SENSITIVE_ACTIONS."
        )

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from maillage.accounts.services import recently_authenticated

            if not recently_authenticated(request):
                target = reauth_url(request)
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
            return view(request, *args, **kwargs)

        wrapped.sensitive_action = action
        return wrapped

    return decorator
