"""Reads for the document library and the public site."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from maillage.core.text import normalise
from maillage.documents.models import (
    PUBLIC_AUDIENCES,
    Document,
    DocumentStatus,
    DocumentVersion,
    PublicContact,
    PublicSiteSettings,
)


def site_settings(network) -> PublicSiteSettings:
    """The network's public-site settings, or unsaved defaults when it never set them."""
    found = PublicSiteSettings.objects.filter(network=network).first()
    return found or PublicSiteSettings(network=network)


def public_network(slug: str):
    """(network, settings) for an active network whose public site is on; else None."""
    from maillage.networks.models import Network

    network = Network.objects.filter(slug=slug, is_active=True).first()
    if network is None:
        return None
    settings = site_settings(network)
    if not settings.is_published:
        return None
    return network, settings


def public_networks() -> list:
    from maillage.networks.models import Network

    return list(
        Network.objects.filter(is_active=True)
        .exclude(public_site__is_published=False)
        .order_by("name")
    )


def public_contacts(network) -> list[PublicContact]:
    return list(PublicContact.objects.filter(network=network))


def covered_territory(network) -> dict:
    """Départements covered whole, and communes covered one by one (with their thematics)."""
    from maillage.networks.models import Coverage

    rows = (
        Coverage.objects.filter(network=network)
        .select_related("commune", "thematic")
        .order_by("departement", "commune__search_name")
    )
    departements: dict[str, set[str]] = {}
    communes: dict[str, dict] = {}
    for row in rows:
        if row.departement:
            departements.setdefault(row.departement, set()).add(row.thematic.label)
        else:
            entry = communes.setdefault(
                row.commune_id, {"commune": row.commune, "thematics": set()}
            )
            entry["thematics"].add(row.thematic.label)
    return {
        "departements": [
            {"code": code, "thematics": sorted(labels)} for code, labels in departements.items()
        ],
        "communes": [
            {"commune": e["commune"], "thematics": sorted(e["thematics"])}
            for e in communes.values()
        ],
    }


MAP_COMMUNES_LIMIT = 2000


def territory_geojson(network) -> dict:
    """The communes the network covers (one by one or through a whole département), with
    coordinates, as a GeoJSON FeatureCollection of points: public data only (name, INSEE code)."""
    from maillage.networks.selectors import covered_communes

    communes = (
        covered_communes(network)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("insee_code")
        .values_list("insee_code", "name", "departement", "latitude", "longitude")
    )[:MAP_COMMUNES_LIMIT]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": {"insee": code, "name": name, "departement": departement},
            }
            for code, name, departement, latitude, longitude in communes
        ],
    }


def _with_current(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("current_version").prefetch_related("thematics")


def public_documents(network, *, category: str = "", audience: str = "") -> QuerySet:
    documents = Document.objects.filter(
        network=network, status=DocumentStatus.PUBLISHED, audience__in=PUBLIC_AUDIENCES
    )
    if category:
        documents = documents.filter(category=category)
    if audience in PUBLIC_AUDIENCES:
        documents = documents.filter(audience=audience)
    return _with_current(documents).order_by("category", "title")


def public_document_get(network, public_id) -> Document | None:
    return _with_current(
        Document.objects.filter(
            network=network,
            public_id=public_id,
            status=DocumentStatus.PUBLISHED,
            audience__in=PUBLIC_AUDIENCES,
        )
    ).first()


def library_list(network, *, q: str = "", category: str = "", audience: str = "", status=""):
    documents = Document.objects.filter(network=network)
    if q:
        documents = documents.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    if category:
        documents = documents.filter(category=category)
    if audience:
        documents = documents.filter(audience=audience)
    if status:
        documents = documents.filter(status=status)
    return _with_current(documents).order_by("title")


def with_versions(documents: QuerySet) -> QuerySet:
    return documents.select_related("network", "current_version", "created_by").prefetch_related(
        "thematics",
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.select_related("created_by").order_by("-number"),
        ),
    )


def partner_professionals(network, q: str = "") -> QuerySet:
    """Partners the network chose to list (is_partner), active, with their practice places.
    Directory fields only: the network's own notes never leave it."""
    from maillage.directory.models import Activity, Professional

    professionals = Professional.objects.filter(
        is_active=True, network_infos__network=network, network_infos__is_partner=True
    )
    if q:
        needle = normalise(q)
        professionals = professionals.filter(
            Q(search_name__contains=needle) | Q(profession__icontains=q)
        )
    return professionals.prefetch_related(
        Prefetch(
            "activities",
            queryset=Activity.objects.filter(is_active=True).order_by("name"),
            to_attr="public_activities",
        )
    ).order_by("search_name")


def public_resources(network, q: str = "") -> QuerySet:
    from maillage.directory.models import Resource, ResourceStatus

    resources = Resource.objects.filter(network=network, status=ResourceStatus.ACTIVE)
    if q:
        needle = normalise(q)
        resources = resources.filter(Q(search_name__contains=needle) | Q(description__icontains=q))
    return (
        resources.select_related("organisation")
        .prefetch_related("thematics")
        .order_by("search_name")
    )
