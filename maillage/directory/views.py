"""Directory pages: search, professional, organisation, resources; vCard export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import authenticated_view, staff_required
from maillage.directory import permissions, selectors, services
from maillage.directory.forms import (
    ContactForm,
    ManualProfessionalForm,
    NetworkInfoForm,
    ResourceForm,
    SearchForm,
)
from maillage.directory.models import Resource
from maillage.directory.quality import resource_quality_hints
from maillage.directory.search import profession_choices, specialty_choices
from maillage.directory.vcard import professional_vcard
from maillage.exports.services import Export, deliver


def _reader_required(request):
    """None when the user may read the directory, else the response to send."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_read_directory(request):
        raise Http404
    return None


def _editor_required(request):
    if (refusal := _reader_required(request)) is not None:
        return refusal
    if not permissions.can_edit_directory(request):
        raise Http404
    return None


@authenticated_view
def search_view(request):
    if (refusal := _reader_required(request)) is not None:
        return refusal
    staff = permissions.is_staff_reader(request)
    form = SearchForm(
        request.GET or None,
        professions=profession_choices(),
        specialties=specialty_choices(),
        show_partner=staff,
    )
    filters = form.filters()
    outcome = selectors.directory_search(
        filters,
        network=request.network if staff else None,
        resources=permissions.resources_visible_to(request),
        page_number=request.GET.get("page", 1),
    )
    if outcome.kind == "services" and staff:
        for resource in outcome.page.object_list:
            resource.hints = resource_quality_hints(resource)
    params = request.GET.copy()
    params.pop("page", None)
    other_kinds = []
    for other, count in outcome.counts.items():
        link = params.copy()
        link["kind"] = other
        shown = "100 et plus" if count > selectors.OTHER_KINDS_CAP else str(count)
        other_kinds.append(
            {"label": selectors.KINDS[other], "count": shown, "query": link.urlencode()}
        )
    context = {
        "form": form,
        "outcome": outcome,
        "filters": filters,
        "kinds": selectors.KINDS,
        "other_kinds": other_kinds,
        "querystring_prefix": (params.urlencode() + "&") if params else "",
        "can_edit": permissions.can_edit_directory(request),
        "searched": bool(request.GET),
    }
    template = "directory/search.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        template = "directory/search.html#results"
    return render(request, template, context)


@authenticated_view
def professional_detail(request, public_id):
    if (refusal := _reader_required(request)) is not None:
        return refusal
    permissions.get_professional_for_user(request, public_id)
    staff = permissions.is_staff_reader(request)
    network = request.network if staff else None
    professional = selectors.professional_detail(public_id, network)
    info = selectors.network_info(network, professional) if staff else None
    can_edit = permissions.can_edit_directory(request)
    initial = {"mssante_email": professional.mssante_email}
    if info is not None:
        initial |= {
            "notes": info.notes,
            "is_partner": info.is_partner,
            "support_care_convention": info.support_care_convention,
            "convention_signed_on": info.convention_signed_on,
        }
    markers = [
        {
            "lat": a.commune.latitude,
            "lon": a.commune.longitude,
            "label": f"{a.name or professional.display_name} — {a.commune.name}",
        }
        for a in professional.all_activities
        if a.is_active and a.commune_id and a.commune.has_coordinates
    ]
    return render(
        request,
        "directory/professional_detail.html",
        {
            "professional": professional,
            "info": info,
            "staff": staff,
            "can_edit": can_edit,
            "info_form": NetworkInfoForm(initial=initial) if can_edit else None,
            "markers": markers,
            "tile_url": settings.MAP_TILE_URL,
        },
    )


@staff_required(*permissions.EDITOR_ROLES)
@require_POST
def professional_network_info(request, public_id):
    if (refusal := _editor_required(request)) is not None:
        return refusal
    professional = permissions.get_professional_for_user(request, public_id)
    form = NetworkInfoForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Informations du réseau non enregistrées : " + _errors(form))
        return redirect("directory:professional", public_id=public_id)
    data = dict(form.cleaned_data)
    mssante = data.pop("mssante_email")
    services.network_info_update(
        actor=request.user, network=request.network, professional=professional, data=data
    )
    services.professional_mssante_update(
        actor=request.user, network=request.network, professional=professional, email=mssante
    )
    messages.success(request, "Informations du réseau enregistrées.")
    return redirect("directory:professional", public_id=public_id)


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@staff_required(*permissions.EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def activity_contact(request, public_id):
    if (refusal := _editor_required(request)) is not None:
        return refusal
    activity = permissions.get_activity_for_editing(request, public_id)
    form = ContactForm(
        request.POST or None,
        initial={"phone": activity.phone, "phone2": activity.phone2, "email": activity.email},
    )
    if request.method == "POST" and form.is_valid():
        services.activity_contact_update(
            actor=request.user, network=request.network, activity=activity, data=form.cleaned_data
        )
        messages.success(
            request, "Coordonnées corrigées : elles ne seront plus écrasées par les imports."
        )
        return redirect("directory:professional", public_id=activity.professional.public_id)
    return render(request, "directory/activity_contact.html", {"form": form, "activity": activity})


@staff_required(*permissions.EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def professional_create(request):
    if (refusal := _editor_required(request)) is not None:
        return refusal
    form = ManualProfessionalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        commune = data["place"]
        professional = services.professional_create(
            actor=request.user,
            network=request.network,
            data=data,
            activity={
                "name": data["site_name"],
                "siret": data["siret"],
                "address": data["address"],
                "commune": commune,
                "commune_code": commune.insee_code,
                "city": commune.name,
                "postal_code": (commune.postal_code_list or [""])[0],
                "phone": data["phone"],
                "email": data["email"],
            },
        )
        messages.success(request, "Professionnel ajouté à l'annuaire.")
        return redirect("directory:professional", public_id=professional.public_id)
    return render(request, "directory/professional_form.html", {"form": form})


@authenticated_view
def professional_vcard_view(request, public_id):
    if (refusal := _reader_required(request)) is not None:
        return refusal
    permissions.get_professional_for_user(request, public_id)
    professional = selectors.professional_detail(public_id)
    content = professional_vcard(
        professional, [a for a in professional.all_activities if a.is_active]
    )
    return deliver(
        request,
        Export(
            content=content,
            filename=f"{professional.last_name.lower() or 'professionnel'}.vcf",
            fmt="vcf",
            action="directory.professional.exported",
            rows=1,
            patient_data=False,
            target=professional,
        ),
    )


@authenticated_view
def organisation_detail(request, public_id):
    if (refusal := _reader_required(request)) is not None:
        return refusal
    organisation = permissions.get_organisation_for_user(request, public_id)
    markers = []
    if organisation.latitude is not None:
        markers.append(
            {
                "lat": organisation.latitude,
                "lon": organisation.longitude,
                "label": organisation.name,
            }
        )
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "markers": markers, "tile_url": settings.MAP_TILE_URL},
    )


@authenticated_view
def resource_detail(request, public_id):
    if (refusal := _reader_required(request)) is not None:
        return refusal
    resource = permissions.get_resource_for_user(request, public_id)
    return render(
        request,
        "directory/resource_detail.html",
        {
            "resource": resource,
            "communes": resource.area.order_by("search_name")[:200],
            "thematics": resource.thematics.all(),
            "hints": resource_quality_hints(resource)
            if permissions.is_staff_reader(request)
            else [],
            "can_edit": permissions.can_edit_directory(request),
        },
    )


@staff_required(*permissions.EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def resource_edit(request, public_id=None):
    if (refusal := _editor_required(request)) is not None:
        return refusal
    resource = (
        permissions.get_resource_for_user(request, public_id, edit=True)
        if public_id
        else Resource(network=request.network)
    )
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        services.resource_save(
            actor=request.user,
            network=request.network,
            resource=instance,
            thematics=form.cleaned_data["thematics"],
            communes=form.cleaned_data["area_codes"],
            created=public_id is None,
        )
        messages.success(request, "Service enregistré.")
        return redirect("directory:resource", public_id=instance.public_id)
    return render(request, "directory/resource_form.html", {"form": form, "resource": resource})


@staff_required(*permissions.EDITOR_ROLES)
@require_POST
def resource_checked(request, public_id):
    if (refusal := _editor_required(request)) is not None:
        return refusal
    resource = permissions.get_resource_for_user(request, public_id, edit=True)
    services.resource_mark_checked(actor=request.user, network=request.network, resource=resource)
    messages.success(request, "Service marqué comme vérifié aujourd'hui.")
    return redirect("directory:resource", public_id=public_id)
