"""The network administrator's team pages: list, add, change role, deactivate, reset 2FA.

Every page is for the active network's network_admin only (404 for anyone else). A membership
of another network is a 404 and the attempt is recorded (`accounts.membership.change_refused`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.access.decorators import staff_required
from maillage.accounts import selectors, services
from maillage.accounts.decorators import reauth_required
from maillage.accounts.forms import MemberAddForm, MemberRoleForm
from maillage.accounts.models import Role
from maillage.accounts.permissions import get_membership_for_admin
from maillage.audit import record

MEMBERS_PER_PAGE = 25
REFUSED = "accounts.membership.change_refused"
ADMIN = Role.NETWORK_ADMIN.value


def _refused(request, membership, reason: str) -> None:
    record(
        REFUSED,
        request=request,
        target=membership,
        details={"reason": reason, "path": request.path[:200]},
    )


@staff_required(ADMIN)
@require_GET
def member_list(request):
    include_former = request.GET.get("anciens") == "1"
    members = selectors.member_list(request.network, include_former=include_former)
    page_obj = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/members/list.html",
        {
            "page_obj": page_obj,
            "include_former": include_former,
            "querystring_prefix": "anciens=1&" if include_former else "",
        },
    )


@staff_required(ADMIN)
@require_http_methods(["GET", "POST"])
def member_add(request):
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.member_add(
                actor=request.user, network=request.network, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            invited = not membership.user.has_usable_password()
            messages.success(
                request,
                f"{membership.user.full_name} a été ajouté·e à l'équipe"
                + (" ; une invitation lui a été envoyée par courriel." if invited else "."),
            )
            return redirect("accounts:member_list")
    return render(request, "accounts/members/add.html", {"form": form})


@staff_required(ADMIN, audit_refusal=REFUSED)
@reauth_required("role_change")
@require_http_methods(["GET", "POST"])
def member_role(request, public_id):
    membership = get_membership_for_admin(request, public_id, refusal_action=REFUSED)
    own = membership.user_id == request.user.pk
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        if not form.is_valid():
            if "role" in form.errors and request.POST.get("role"):
                _refused(request, membership, "invalid_role")
        else:
            try:
                services.membership_set_role(
                    actor=request.user,
                    membership=membership,
                    role=form.cleaned_data["role"],
                    request=request,
                )
            except PermissionDenied as exc:
                _refused(request, membership, "own_role" if own else "not_allowed")
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"Rôle de {membership.user.full_name} : "
                    f"{Role(form.cleaned_data['role']).label}.",
                )
                return redirect("accounts:member_list")
    return render(
        request,
        "accounts/members/role.html",
        {"membership": membership, "form": form, "own": own},
    )


@staff_required(ADMIN, audit_refusal=REFUSED)
@require_http_methods(["GET", "POST"])
def member_deactivate(request, public_id):
    membership = get_membership_for_admin(request, public_id, refusal_action=REFUSED)
    error = None
    if request.method == "POST":
        try:
            services.membership_deactivate(
                actor=request.user, membership=membership, request=request
            )
        except PermissionDenied as exc:
            _refused(request, membership, "own_membership")
            error = str(exc)
        else:
            messages.success(
                request, f"{membership.user.full_name} ne fait plus partie de l'équipe."
            )
            return redirect("accounts:member_list")
    return render(
        request, "accounts/members/deactivate.html", {"membership": membership, "error": error}
    )


@staff_required(ADMIN, audit_refusal=REFUSED)
@reauth_required("otp_reset")
@require_http_methods(["GET", "POST"])
def member_otp_reset(request, public_id):
    membership = get_membership_for_admin(request, public_id, refusal_action=REFUSED)
    error = None
    if request.method == "POST":
        try:
            services.otp_reset(
                actor=request.user,
                user=membership.user,
                network=request.network,
                request=request,
            )
        except PermissionDenied as exc:
            _refused(request, membership, "otp_reset_not_allowed")
            error = str(exc)
        else:
            messages.success(
                request,
                f"Double authentification de {membership.user.full_name} réinitialisée : "
                "elle ou il l'activera de nouveau à sa prochaine connexion.",
            )
            return redirect("accounts:member_list")
    return render(
        request, "accounts/members/otp_reset.html", {"membership": membership, "error": error}
    )


@staff_required(ADMIN, audit_refusal=REFUSED)
@require_POST
def member_invite(request, public_id):
    membership = get_membership_for_admin(request, public_id, refusal_action=REFUSED)
    try:
        services.invitation_resend(actor=request.user, membership=membership, request=request)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Invitation renvoyée à {membership.user.email}.")
    return redirect("accounts:member_list")


@staff_required(ADMIN, audit_refusal=REFUSED)
@require_POST
def member_reactivate(request, public_id):
    membership = get_membership_for_admin(request, public_id, refusal_action=REFUSED)
    try:
        services.member_reactivate(actor=request.user, membership=membership, request=request)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Compte de {membership.user.full_name} réactivé.")
    return redirect("accounts:member_list")
