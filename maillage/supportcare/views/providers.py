"""Providers under convention: list, record, conventions, places, accounts, bank details."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import staff_required
from maillage.accounts.decorators import reauth_required
from maillage.accounts.models import User
from maillage.audit import record
from maillage.core.text import normalise
from maillage.directory.models import Organisation, Professional
from maillage.supportcare import permissions, selectors
from maillage.supportcare.forms import (
    AccountLinkForm,
    BankChangeForm,
    BankDecisionForm,
    ConventionForm,
    PlaceForm,
    ProviderForm,
)
from maillage.supportcare.models import SupportKind
from maillage.supportcare.permissions import PROVIDER_READ_ROLES, PROVIDER_WRITE_ROLES
from maillage.supportcare.services import providers as services
from maillage.supportcare.views.funding import add_service_errors

READ_ROLES = tuple(sorted(set(PROVIDER_READ_ROLES)))


@staff_required(*READ_ROLES)
@require_http_methods(["GET"])
def provider_list(request):
    kind = request.GET.get("soin", "")
    if kind not in SupportKind.values:
        kind = ""
    providers = selectors.provider_list(permissions.providers_visible_to(request), kind=kind)
    page = Paginator(providers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "supportcare/provider_list.html",
        {
            "page_obj": page,
            "kind": kind,
            "kinds": SupportKind.choices,
            "querystring_prefix": f"soin={kind}&" if kind else "",
            "can_manage": permissions.can_manage_providers(request),
            "pending_changes": list(selectors.pending_bank_changes(request.network)[:20])
            if permissions.can_manage_providers(request)
            else [],
        },
    )


def _directory_choice(request):
    """The professional or organisation picked in step 1 (by public id), or None."""
    if pid := request.GET.get("professionnel"):
        found = Professional.objects.filter(public_id=pid, is_active=True).first()
        if found is None:
            raise Http404
        return {"professional": found}
    if oid := request.GET.get("structure"):
        found = Organisation.objects.filter(public_id=oid, is_active=True).first()
        if found is None:
            raise Http404
        return {"organisation": found}
    return None


@staff_required(*PROVIDER_WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def provider_create(request):
    """Step 1: find the professional or structure in the directory; step 2: the provider form."""
    chosen = _directory_choice(request)
    if chosen is None:
        query = request.GET.get("q", "").strip()
        results = {"professionals": [], "organisations": []}
        if len(query) >= 2:
            term = normalise(query)
            results["professionals"] = list(
                Professional.objects.filter(is_active=True).filter(
                    Q(search_name__contains=term) | Q(identifier=query)
                )[:15]
            )
            results["organisations"] = list(
                Organisation.objects.filter(is_active=True).filter(
                    Q(search_name__contains=term) | Q(finess=query)
                )[:15]
            )
        return render(request, "supportcare/provider_pick.html", {"q": query, **results})
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_create(
                actor=request.user, network=request.network, **chosen, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Intervenant enregistré. Ajoutez sa convention.")
            return redirect("supportcare:provider_detail", public_id=provider.public_id)
    who = chosen.get("professional") or chosen.get("organisation")
    return render(
        request,
        "supportcare/form.html",
        {
            "form": form,
            "title": f"Nouvel intervenant : {who}",
            "cancel_url": "supportcare:provider_list",
        },
    )


@staff_required(*READ_ROLES)
@require_http_methods(["GET"])
def provider_detail(request, public_id):
    provider = permissions.get_provider_for_user(request, public_id)
    can_manage = permissions.can_manage_providers(request)
    record("supportcare.provider.viewed", request=request, target=provider)
    return render(
        request,
        "supportcare/provider_detail.html",
        {
            "provider": provider,
            **selectors.provider_detail(provider),
            "can_manage": can_manage,
            "show_bank": can_manage or request.membership.role in PROVIDER_READ_ROLES,
        },
    )


def _provider_form(request, provider, form, *, title, save, success, multipart=False, intro=""):
    """The shared path of the forms hanging off a provider's record: a valid POST goes to
    `save(cleaned_data)` (a service call; a ValidationError lands on the form, nothing is
    saved), then back to the provider's page with `success`; otherwise the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("supportcare:provider_detail", public_id=provider.public_id)
    return render(
        request,
        "supportcare/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": "supportcare:provider_detail",
            "cancel_id": provider.public_id,
            "multipart": multipart,
            "intro": intro,
        },
    )


@staff_required(*PROVIDER_WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def provider_update(request, public_id):
    provider = permissions.get_provider_for_user(request, public_id)
    initial = {
        "email": provider.email,
        "phone": provider.phone,
        "is_active": provider.is_active,
        "kinds": [o.kind for o in provider.offers.all()],
    }
    return _provider_form(
        request,
        provider,
        ProviderForm(request.POST or None, initial=initial),
        title=f"Modifier {provider.name}",
        save=lambda data: services.provider_update(actor=request.user, provider=provider, **data),
        success="Intervenant enregistré.",
    )


@staff_required(*PROVIDER_WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def convention_create(request, public_id):
    provider = permissions.get_provider_for_user(request, public_id)
    return _provider_form(
        request,
        provider,
        ConventionForm(request.POST or None, request.FILES or None),
        title=f"Nouvelle convention avec {provider.name}",
        save=lambda data: services.convention_add(actor=request.user, provider=provider, **data),
        success="Convention enregistrée.",
        multipart=True,
    )


@staff_required(*PROVIDER_WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def place_create(request, public_id):
    provider = permissions.get_provider_for_user(request, public_id)
    return _provider_form(
        request,
        provider,
        PlaceForm(request.POST or None),
        title=f"Nouveau lieu pour {provider.name}",
        save=lambda data: services.place_add(
            actor=request.user,
            provider=provider,
            name=data["name"],
            address=data["address"],
            commune=data["commune_code"],
        ),
        success="Lieu d'intervention ajouté.",
    )


@staff_required(*PROVIDER_WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def account_link(request, public_id):
    provider = permissions.get_provider_for_user(request, public_id)

    def save(data):
        user = User.objects.filter(email=data["email"].lower(), is_active=True).first()
        if user is None:
            raise ValidationError(
                {
                    "email": "Adresse électronique : aucun compte actif ne porte cette "
                    "adresse ; créez d'abord le compte du professionnel."
                }
            )
        services.provider_account_link(actor=request.user, provider=provider, user=user)

    return _provider_form(
        request,
        provider,
        AccountLinkForm(request.POST or None),
        title=f"Rattacher un compte à {provider.name}",
        save=save,
        success="Compte rattaché à l'intervenant.",
    )


@staff_required(*PROVIDER_WRITE_ROLES)
@reauth_required("bank_details")
@require_http_methods(["GET", "POST"])
def bank_change_create(request, public_id):
    provider = permissions.get_provider_for_user(request, public_id)
    return _provider_form(
        request,
        provider,
        BankChangeForm(request.POST or None),
        title=f"Coordonnées bancaires de {provider.name}",
        save=lambda data: services.bank_change_request(
            actor=request.user, provider=provider, **data
        ),
        success="Demande enregistrée : une autre personne de l'équipe doit maintenant l'approuver.",
        intro="Le changement ne prendra effet qu'après l'approbation d'une autre personne "
        "de l'équipe ; l'intervenant en sera averti par courriel.",
    )


@staff_required(*PROVIDER_WRITE_ROLES)
@reauth_required("bank_details")
@require_http_methods(["GET", "POST"])
def bank_change_decide(request, public_id):
    change = permissions.get_bank_change_for_user(request, public_id)
    form = BankDecisionForm(request.POST or None)
    own = change.requested_by_id == request.user.pk
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.bank_change_approve(actor=request.user, change=change)
                messages.success(request, "Changement approuvé ; l'intervenant est averti.")
            else:
                services.bank_change_reject(
                    actor=request.user, change=change, note=form.cleaned_data["note"]
                )
                messages.success(request, "Changement refusé.")
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("supportcare:provider_detail", public_id=change.provider.public_id)
    return render(
        request,
        "supportcare/bank_change_decide.html",
        {
            "change": change,
            "form": form,
            "own": own,
        },
    )
