"""Territory pages: coverage (list, add, remove), "who covers commune X", the map."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from maillage.access.decorators import staff_required
from maillage.directory.models import Activity, Organisation
from maillage.directory.search import resolve_place
from maillage.networks import permissions, selectors, services
from maillage.networks.forms import CoverageAddForm, WhoCoversForm

MAP_COMMUNES_LIMIT = 2000
MAP_ORGANISATIONS_LIMIT = 500


@staff_required()
def coverage_view(request):
    network = request.network
    coverages = selectors.coverage_for_network(network)
    page = Paginator(coverages, 50).get_page(request.GET.get("page", 1))
    can_edit = permissions.can_edit_coverage(request)
    return render(
        request,
        "networks/coverage.html",
        {
            "page_obj": page,
            "can_edit": can_edit,
            "add_form": CoverageAddForm(network=network) if can_edit else None,
            "picked": [],
            "who_form": WhoCoversForm(),
            "total_communes": selectors.covered_communes(network).count(),
        },
    )


@require_POST
@staff_required(*permissions.COVERAGE_EDITORS)
def coverage_add(request):
    network = request.network
    form = CoverageAddForm(request.POST, network=network)
    if not form.is_valid():
        coverages = selectors.coverage_for_network(network)
        return render(
            request,
            "networks/coverage.html",
            {
                "page_obj": Paginator(coverages, 50).get_page(1),
                "can_edit": True,
                "add_form": form,
                "picked": selectors.communes_by_codes(request.POST.getlist("picked")[:500]),
                "who_form": WhoCoversForm(),
                "total_communes": selectors.covered_communes(network).count(),
            },
            status=400,
        )
    thematics = list(form.cleaned_data["thematics"])
    created = 0
    if form.cleaned_data.get("communes"):
        created += services.coverage_add_communes(
            actor=request.user,
            network=network,
            thematics=thematics,
            communes=form.cleaned_data["communes"],
        )
    if form.cleaned_data["departement"]:
        created += services.coverage_add_departement(
            actor=request.user,
            network=network,
            thematics=thematics,
            departement=form.cleaned_data["departement"],
        )
    messages.success(request, f"Territoire mis à jour : {created} ajout(s).")
    return redirect("networks:coverage")


@require_GET
@staff_required(*permissions.COVERAGE_EDITORS)
def commune_choices(request):
    """htmx: the coverage picker's checkboxes: the communes already ticked (kept ticked) and
    those matching what is typed (public geography, no patient data)."""
    picked = selectors.communes_by_codes(request.GET.getlist("picked")[:500])
    ticked = {c.insee_code for c in picked}
    typed = request.GET.get("pick", "")
    found = [c for c in selectors.commune_choices(typed) if c.insee_code not in ticked]
    return render(
        request,
        "networks/_commune_choices.html",
        {"picked": picked, "found": found, "typed": typed.strip()[:80]},
    )


@require_POST
@staff_required(*permissions.COVERAGE_EDITORS)
def coverage_remove(request, public_id):
    coverage = permissions.get_coverage_for_editing(request, public_id)
    services.coverage_remove(actor=request.user, coverage=coverage)
    messages.success(request, "Retiré du territoire.")
    return redirect("networks:coverage")


@staff_required()
def who_covers(request):
    form = WhoCoversForm(request.GET or None)
    commune = networks = None
    not_found = False
    others: list = []
    if form.is_valid():
        place = form.cleaned_data["place"]
        commune = resolve_place(place)
        not_found = commune is None
        if commune is not None:
            networks = list(selectors.networks_covering(commune, form.cleaned_data["thematic"]))
            others = selectors.other_communes_of_postal_code(place, commune)
    template = "networks/who_covers.html"
    if request.headers.get("HX-Request"):
        template = "networks/who_covers.html#answer"
    return render(
        request,
        template,
        {
            "form": form,
            "commune": commune,
            "networks": networks,
            "not_found": not_found,
            "others": others,
            "thematic_code": form.cleaned_data["thematic"].code
            if form.is_valid() and form.cleaned_data["thematic"]
            else "",
        },
    )


@staff_required()
def map_view(request):
    network = request.network
    communes = list(
        selectors.covered_communes(network)
        .filter(latitude__isnull=False)
        .order_by("insee_code")
        .values("insee_code", "name", "latitude", "longitude")[:MAP_COMMUNES_LIMIT]
    )
    codes = [c["insee_code"] for c in communes]
    search_url = reverse("directory:search")
    points = [
        {"lat": c["latitude"], "lon": c["longitude"], "label": c["name"], "kind": "commune"}
        for c in communes
    ]
    by_commune = {c["insee_code"]: c for c in communes}
    professionals = (
        Activity.objects.filter(is_active=True, commune_id__in=codes)
        .values("commune_id")
        .annotate(n=Count("professional_id", distinct=True))
    )
    for row in professionals:
        commune = by_commune[row["commune_id"]]
        query = urlencode({"place": commune["insee_code"]})
        points.append(
            {
                "lat": commune["latitude"],
                "lon": commune["longitude"],
                "label": f"{row['n']} professionnel(s) à {commune['name']}",
                "kind": "professional",
                "url": f"{search_url}?{query}",
            }
        )
    organisations = Organisation.objects.filter(
        is_active=True, commune_id__in=codes, latitude__isnull=False
    ).values("public_id", "name", "latitude", "longitude")[:MAP_ORGANISATIONS_LIMIT]
    for org in organisations:
        points.append(
            {
                "lat": org["latitude"],
                "lon": org["longitude"],
                "label": org["name"],
                "kind": "organisation",
                "url": reverse("directory:organisation", args=[org["public_id"]]),
            }
        )
    return render(
        request,
        "networks/map.html",
        {
            "markers": points,
            "tile_url": settings.MAP_TILE_URL,
            "commune_count": len(communes),
            "communes_truncated": len(communes) >= MAP_COMMUNES_LIMIT,
            "communes_limit": MAP_COMMUNES_LIMIT,
            "organisation_count": len(organisations),
        },
    )
