"""The invited external professional's first visit: choose a password, then the second factor."""

from __future__ import annotations

from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import public_view
from maillage.accounts.services import session_start
from maillage.patients import services
from maillage.patients.services.external import usable_invitation


@public_view
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """Anyone holding the link may choose the password once; nothing else is shown before the
    second factor is enrolled (SecondFactorRequiredMiddleware sends them to the enrolment)."""
    invitation = usable_invitation(token)
    if invitation is None:
        return render(request, "patients/invitation_invalid.html", status=404)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.external_invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"], request=request
            )
        except ValidationError:
            return render(request, "patients/invitation_invalid.html", status=404)
        session_start(request, user)
        return redirect("accounts:otp_enrol")
    return render(
        request,
        "patients/invitation_accept.html",
        {"form": form, "invitation": invitation},
    )
