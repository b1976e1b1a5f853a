"""View guards: every view declares who may use it. Refusals are 404, never 403, so nothing
reveals that an object exists.

Each decorator enforces its rule *and* sets `view.access_policy` (an `AccessPolicy`), which the
URL walker test (`maillage/access/tests/test_url_policies.py`) reads to check every URL pattern
with every persona. A view without a declared policy fails that test.

- `public_view`: anyone, anonymous included (login, password reset, public pages).
- `second_factor_view`: a user between the password and the second factor (TOTP pages).
- `authenticated_view`: any verified user, staff or external; the view checks object access
  itself (`get_<x>_for_user` → 404).
- `external_view`: verified external professionals only (their care-team pages).
- `staff_required(*roles)`: staff with an active network and, if given, one of `roles`.
- `technical_admin_view`: the Django admin (`is_staff` only; holds no patient model).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.http import Http404

PUBLIC = "public"
SECOND_FACTOR = "second_factor"
AUTHENTICATED = "authenticated"
EXTERNAL = "external"
STAFF = "staff"
TECHNICAL_ADMIN = "technical_admin"


@dataclass(frozen=True)
class AccessPolicy:
    """Who may use a view: a kind (above) and, for staff views, the roles allowed (empty: all)."""

    kind: str
    roles: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == STAFF and self.roles:
            return f"staff({', '.join(self.roles)})"
        return self.kind


def _declare(view, policy: AccessPolicy):
    view.access_policy = policy
    return view


def _declared_copy(view, policy: AccessPolicy):
    """Declares a policy on a wrapper, leaving the decorated callable untouched."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return _declare(wrapped, policy)


def _to_login(request):
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.get_full_path())


def _verified(user) -> bool:
    return user.is_authenticated and user.is_verified()


def public_view(view):
    """Anyone may reach this view, anonymous visitors included."""
    return _declared_copy(view, AccessPolicy(PUBLIC))


def second_factor_view(view):
    """Pages of the second step of login. The view itself sends anonymous visitors to login."""
    return _declared_copy(view, AccessPolicy(SECOND_FACTOR))


def authenticated_view(view):
    """Any authenticated, second-factor-verified user (staff or external). Object access is
    checked inside the view through the permission functions."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _verified(request.user):
            return _to_login(request)
        return view(request, *args, **kwargs)

    return _declare(wrapped, AccessPolicy(AUTHENTICATED))


# The foundation's name for the same guard.
login_required_404 = authenticated_view


def external_view(view):
    """Verified external professionals only; staff and everybody else get 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _to_login(request)
        if not request.user.is_verified() or not request.user.is_external:
            raise Http404
        return view(request, *args, **kwargs)

    return _declare(wrapped, AccessPolicy(EXTERNAL))


def staff_required(*roles: str, audit_refusal: str | None = None):
    """The view needs a staff user with an active network and, if given, one of `roles`.

    `audit_refusal`: a dotted action recorded when an authenticated user is refused (for the
    views where a refusal means a forged request, such as a role change)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return _to_login(request)
            membership = getattr(request, "membership", None)
            if membership is None or (roles and membership.role not in roles):
                if audit_refusal:
                    from maillage.audit import record

                    record(
                        audit_refusal,
                        request=request,
                        details={
                            "reason": "role" if membership else "no_membership",
                            "path": request.path[:200],
                            "method": request.method,
                        },
                    )
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles
        return _declare(wrapped, AccessPolicy(STAFF, tuple(roles)))

    return decorator


def technical_admin_view(view):
    """Marks a Django admin view (the admin checks `is_staff` itself)."""
    return _declared_copy(view, AccessPolicy(TECHNICAL_ADMIN))


def policy_of(callback) -> AccessPolicy | None:
    """The policy a URL callback declares (function views and `as_view()` class views)."""
    policy = getattr(callback, "access_policy", None)
    if policy is None and hasattr(callback, "view_class"):
        policy = getattr(callback.view_class, "access_policy", None)
    return policy
