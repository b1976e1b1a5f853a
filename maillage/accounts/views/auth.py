"""Login in two steps (password, then TOTP or recovery code), enrolment, logout, reauth."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import (
    authenticated_view,
    public_view,
    second_factor_view,
)
from maillage.accounts import services
from maillage.accounts.decorators import reauth_url
from maillage.accounts.forms import (
    LoginForm,
    ReauthForm,
    TokenForm,
)
from maillage.audit import record


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@public_view
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect("core:dashboard")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.session_start(request, form.user)
            next_url = _safe_next(request, reverse("core:dashboard"))
            if services.confirmed_totp_device(form.user) is None:
                return redirect("accounts:otp_enrol")
            return redirect(f"{reverse('accounts:otp_verify')}?next={next_url}")
        locked = bool(getattr(request, "axes_locked_out", False))
        record(
            "accounts.login.locked_out" if locked else "accounts.login.failed",
            request=request,
            details={"email_domain": (request.POST.get("username", "").rpartition("@")[2])[:100]},
        )
    expired = request.GET.get("expiree") == "1"
    return render(
        request,
        "accounts/login.html",
        {"form": form, "expired": expired, "next": request.GET.get("next", "")},
    )


@second_factor_view
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.user.is_verified():
        return redirect("core:dashboard")
    if services.confirmed_totp_device(request.user) is None:
        return redirect("accounts:otp_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(request.user, form.cleaned_data["token"])
        if device is not None:
            services.second_factor_passed(request, device)
            return redirect(_safe_next(request, reverse("core:dashboard")))
        record("accounts.otp.failed", request=request)
        form.add_error(
            "token",
            "Code incorrect ou expiré. Saisissez le code affiché "
            "actuellement par votre application, ou un code de secours.",
        )
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _qr_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@second_factor_view
@require_http_methods(["GET", "POST"])
def otp_enrol(request):
    """First login: the user scans a QR code, types a code, and receives recovery codes once."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if services.confirmed_totp_device(request.user) is not None and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    if request.user.is_verified() and not services.recently_authenticated(request):
        # Replacing the authenticator of an open session: the password first.
        return redirect(reauth_url(request))
    device = services.totp_enrolment_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_enrolment_confirm(
            user=request.user, device=device, token=form.cleaned_data["token"]
        ):
            services.second_factor_passed(request, device)
            codes = services.recovery_codes_generate(user=request.user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error(
            "token",
            "Code incorrect. Vérifiez l'heure de votre téléphone et saisissez "
            "le code à 6 chiffres affiché par l'application.",
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.provisioning_uri()),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@public_view
@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record("accounts.logout", request=request)
    logout(request)
    response = redirect("accounts:login")
    # Erase what the tab kept (assessment drafts in sessionStorage).
    response["Clear-Site-Data"] = '"storage"'
    return response


@authenticated_view
@require_http_methods(["GET", "POST"])
def reauth(request):
    form = ReauthForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.mark_reauthenticated(request)
            return redirect(_safe_next(request, reverse("core:dashboard")))
        record("accounts.reauth.failed", request=request)
    return render(
        request, "accounts/reauth.html", {"form": form, "next": request.GET.get("next", "")}
    )
