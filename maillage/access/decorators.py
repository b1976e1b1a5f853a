"""View guards. Refusals are 404, never 403, so nothing reveals that an object exists."""

from functools import wraps

from django.http import Http404


def staff_required(*roles: str):
    """The view needs a staff user with an active network and, if given, one of `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None or (roles and membership.role not in roles):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def login_required_404(view):
    """Any authenticated, second-factor-verified user (staff or external)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.is_verified():
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
