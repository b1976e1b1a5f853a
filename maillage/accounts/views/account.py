"""The user's own account: security page (sessions, password, recovery codes), network choice."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import authenticated_view
from maillage.accounts import services
from maillage.accounts.decorators import reauth_url
from maillage.accounts.forms import FrenchPasswordChangeForm


@authenticated_view
@require_http_methods(["GET", "POST"])
def security(request):
    codes = None
    action = request.POST.get("action") if request.method == "POST" else None
    password_form = FrenchPasswordChangeForm(
        request.user, request.POST if action == "password" else None
    )
    if action == "logout_everywhere":
        services.logout_everywhere(request)
        messages.success(request, "Toutes vos autres sessions ont été fermées.")
        return redirect("accounts:security")
    if action in ("recovery_codes", "password") and not services.recently_authenticated(request):
        return redirect(reauth_url(request))
    if action == "recovery_codes":
        codes = services.recovery_codes_generate(user=request.user)
    if action == "password" and password_form.is_valid():
        user = password_form.save()
        services.password_changed(request, user)
        messages.success(
            request, "Mot de passe modifié. Vos sessions sur les autres appareils sont fermées."
        )
        return redirect("accounts:security")
    return render(
        request, "accounts/security.html", {"codes": codes, "password_form": password_form}
    )


@authenticated_view
@require_http_methods(["GET", "POST"])
def network_switch(request):
    if not request.user.is_staff_kind:
        raise Http404
    memberships = list(services.active_memberships(request.user))
    if request.method == "POST":
        services.network_switch(request, request.POST.get("network"))
        return redirect("core:dashboard")
    return render(request, "accounts/network_switch.html", {"memberships": memberships})
