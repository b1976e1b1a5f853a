"""The public site of each network (no login): home, documents, partner search, robots, sitemap.

Only public data reaches these templates: network details, published events, published
documents meant for professionals or for patients and families, partner professionals and
resources when the network chose to publish them. Never anything about a patient.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from maillage.access.decorators import public_view
from maillage.audit import record
from maillage.documents import selectors
from maillage.documents.models import PUBLIC_AUDIENCES, Audience, DocumentCategory, VersionKind
from maillage.documents.permissions import get_public_site_or_404, public_context
from maillage.files.selectors import stored_file_get_servable
from maillage.training.selectors import public_events


def intake_form_url(network) -> str | None:
    """The network's public request form (single entry point), when that app is installed."""
    try:
        return reverse("intake:public_form", kwargs={"slug": network.slug})
    except NoReverseMatch:
        return None


@public_view
@require_GET
def networks_index(request):
    return render(
        request,
        "documents/public/networks.html",
        {
            "networks": selectors.public_networks(),
            "canonical_url": settings.SITE_URL.rstrip("/") + request.path,
        },
    )


@public_view
@require_GET
def network_home(request, slug):
    network, site = get_public_site_or_404(slug)
    return render(
        request,
        "documents/public/home.html",
        public_context(
            request,
            network,
            site,
            territory=selectors.covered_territory(network),
            contacts=selectors.public_contacts(network),
            events=list(public_events(network)[:5]),
            documents=list(selectors.public_documents(network)[:6]),
            intake_url=intake_form_url(network),
            thematics=list(network.thematics.all()),
            tile_url=settings.MAP_TILE_URL,
        ),
    )


@public_view
@require_GET
def territory_geojson(request, slug):
    """The covered communes as GeoJSON points, fetched only when a visitor asks for the map
    (Leaflet and these points stay out of the home page's weight)."""
    network, _site = get_public_site_or_404(slug)
    response = JsonResponse(selectors.territory_geojson(network))
    response["Cache-Control"] = "public, max-age=3600"
    return response


@public_view
@require_GET
def document_list(request, slug):
    network, site = get_public_site_or_404(slug)
    category = request.GET.get("categorie", "")
    category = category if category in DocumentCategory.values else ""
    audience = request.GET.get("public", "")
    audience = audience if audience in PUBLIC_AUDIENCES else ""
    documents = selectors.public_documents(network, category=category, audience=audience)
    page = Paginator(documents, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/public/document_list.html",
        public_context(
            request,
            network,
            site,
            page_obj=page,
            category=category,
            audience=audience,
            categories=DocumentCategory.choices,
            audiences=[(a.value, a.label) for a in (Audience.PROFESSIONALS, Audience.PATIENTS)],
            querystring_prefix=f"categorie={category}&public={audience}&",
        ),
    )


@public_view
@require_GET
def document_detail(request, slug, public_id):
    network, site = get_public_site_or_404(slug)
    document = selectors.public_document_get(network, public_id)
    if document is None:
        raise Http404
    return render(
        request,
        "documents/public/document_detail.html",
        public_context(request, network, site, document=document, version=document.current_version),
    )


@public_view
@require_GET
def document_file(request, slug, public_id):
    network, _site = get_public_site_or_404(slug)
    document = selectors.public_document_get(network, public_id)
    version = document.current_version if document else None
    if version is None or version.kind != VersionKind.FILE:
        raise Http404
    stored_file = stored_file_get_servable(version.file_public_id)
    if stored_file is None:
        raise Http404
    # Every file handed over leaves one audit event, public ones included.
    record(
        "documents.file.downloaded",
        request=request,
        network=network,
        target=stored_file,
        details={"document": str(document.public_id), "version": version.number},
    )
    return _public_file_response(stored_file)


def _public_file_response(stored_file) -> HttpResponse:
    """A public document's file, with the same protections as `files:download` (attachment,
    no sniffing, sandboxed), sent by nginx when X-Accel-Redirect is configured."""
    prefix = settings.FILES_X_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=stored_file.content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{stored_file.storage_name}"
    else:
        response = FileResponse(stored_file.path.open("rb"), content_type=stored_file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, stored_file.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@public_view
@require_GET
def directory_search(request, slug):
    network, site = get_public_site_or_404(slug)
    if not site.publish_directory:
        raise Http404
    q = (request.GET.get("q") or "").strip()[:100]
    kind = request.GET.get("type", "professionnels")
    kind = kind if kind in ("professionnels", "ressources") else "professionnels"
    rows = (
        selectors.partner_professionals(network, q)
        if kind == "professionnels"
        else selectors.public_resources(network, q)
    )
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/public/directory.html",
        public_context(
            request,
            network,
            site,
            page_obj=page,
            q=q,
            kind=kind,
            querystring_prefix=urlencode({"type": kind, "q": q}) + "&",
        ),
    )


@public_view
@require_GET
def robots_txt(request):
    body = render_to_string(
        "documents/public/robots.txt",
        {"sitemap_url": settings.SITE_URL.rstrip("/") + reverse("public:sitemap")},
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@public_view
@require_GET
def sitemap_xml(request):
    base = settings.SITE_URL.rstrip("/")
    urls = [base + reverse("public:networks")]
    for network in selectors.public_networks():
        site = selectors.site_settings(network)
        slug = {"slug": network.slug}
        urls.append(base + reverse("public:network_home", kwargs=slug))
        urls.append(base + reverse("public:event_list", kwargs=slug))
        urls.append(base + reverse("public:document_list", kwargs=slug))
        if site.publish_directory:
            urls.append(base + reverse("public:directory", kwargs=slug))
        for event in public_events(network):
            urls.append(
                base + reverse("public:event_detail", kwargs=slug | {"public_id": event.public_id})
            )
        for document in selectors.public_documents(network):
            urls.append(
                base
                + reverse("public:document_detail", kwargs=slug | {"public_id": document.public_id})
            )
    body = render_to_string("documents/public/sitemap.xml", {"urls": urls})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
