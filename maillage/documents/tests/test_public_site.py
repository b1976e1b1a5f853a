"""The public site: content, indexability, weight, and the guarantee that nothing about a
patient reaches it."""

import html
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.core.models import Commune
from maillage.documents import services
from maillage.documents.models import PublicSiteSettings, VersionKind
from maillage.documents.tests.conftest import SECRET
from maillage.documents.tests.test_services import MINIMAL_PDF

pytestmark = pytest.mark.django_db

PAGE_BUDGET_BYTES = 200 * 1024
# Apps whose rows describe patients or requests about them: never in a public page's context.
PATIENT_APPS = {
    "patients",
    "intake",
    "assessments",
    "careplans",
    "coordination",
    "hospital",
    "supportcare",
    "retention",
    "audit",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def public_urls(network) -> list[str]:
    slug = {"slug": network.slug}
    event = network.training_events.get(status="published")
    document = network.documents.get(title="Guide des aidants")
    return [
        reverse("public:networks"),
        reverse("public:network_home", kwargs=slug),
        reverse("public:event_list", kwargs=slug),
        reverse("public:event_detail", kwargs=slug | {"public_id": event.public_id}),
        reverse("public:document_list", kwargs=slug),
        reverse("public:document_detail", kwargs=slug | {"public_id": document.public_id}),
        reverse("public:directory", kwargs=slug),
        reverse("public:directory", kwargs=slug) + "?type=ressources",
    ]


def test_the_home_page_shows_what_the_network_publishes(client, site):
    body = text(client.get(reverse("public:network_home", kwargs={"slug": site.slug})))
    assert "Appui aux professionnels pour les situations complexes" in body
    assert "Nos missions" in body and "Notre accompagnement est gratuit" in body
    assert "Nantes (44)" in body and "Tout le département 49" in body
    assert "Camille Bernard" in body
    assert "Soirée soins palliatifs à domicile" in body and "Guide des aidants" in body
    assert "Brouillon pas encore annoncé" not in body
    assert "Fiche en cours de relecture" not in body
    # How to ask for help: the single entry point's public form, and a contact block.
    form_url = reverse("intake:public_form", kwargs={"slug": site.slug})
    assert f'href="{form_url}"' in body and "Faire une demande d'appui en ligne" in body
    assert "contactez-nous" in body and site.email in body


def test_the_pages_are_indexable(client, site):
    for url in public_urls(site):
        body = client.get(url).content.decode()
        title = re.search(r"<title>([^<]+)</title>", body)
        description = re.search(r'<meta name="description" content="([^"]+)"', body)
        assert title and title.group(1).strip(), url
        assert description and len(description.group(1).strip()) > 20, url
        assert f'<link rel="canonical" href="http://127.0.0.1:8000{url.split("?")[0]}">' in body
        assert "noindex" not in body, url


def test_sitemap_and_robots(client, site):
    sitemap = client.get(reverse("public:sitemap"))
    assert sitemap["Content-Type"].startswith("application/xml")
    body = sitemap.content.decode()
    assert f"/reseaux/{site.slug}/" in body and "/partenaires/" in body
    event = site.training_events.get(status="published")
    assert str(event.public_id) in body
    for hidden in site.documents.exclude(title="Guide des aidants"):
        assert str(hidden.public_id) not in body
    draft = site.training_events.get(status="draft")
    assert str(draft.public_id) not in body
    robots = client.get(reverse("public:robots")).content.decode()
    assert "Allow: /reseaux/" in robots and "Disallow: /" in robots
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def _asset_bytes(body: str) -> int:
    total = 0
    for href in re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', body) + re.findall(
        r'<script[^>]+src="/static/([^"]+)"', body
    ):
        path = finders.find(href)
        assert path, href
        total += Path(path).stat().st_size
    return total


def test_no_public_page_weighs_more_than_200_kb_before_images(client, site):
    for url in [*public_urls(site), reverse("public:event_list", kwargs={"slug": site.slug})]:
        body = client.get(url).content.decode()
        weight = len(body.encode()) + _asset_bytes(body)
        assert weight < PAGE_BUDGET_BYTES, f"{url}: {weight} octets"


def test_no_public_page_reveals_private_or_patient_data(client, site):
    for url in public_urls(site):
        response = client.get(url)
        body = text(response)
        assert SECRET not in body, url
        assert "Inscritenprive" not in body and "prive@exemple.fr" not in body, url
        assert "NONPARTENAIRE" not in body, url
        for context in response.context:
            for value in context.flatten().values():
                for item in _models_in(value):
                    assert item._meta.app_label not in PATIENT_APPS, (url, item)


def _models_in(value):
    if isinstance(value, Model):
        yield value
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _models_in(item)
    elif hasattr(value, "object_list"):
        yield from _models_in(list(value.object_list))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _models_in(item)


PUBLIC_TEMPLATE_DIRS = [
    Path(__file__).resolve().parents[1] / "templates" / "public",
    Path(__file__).resolve().parents[1] / "templates" / "documents" / "public",
    Path(__file__).resolve().parents[2] / "training" / "templates" / "training" / "public",
]
FORBIDDEN_IN_TAGS = re.compile(
    r"patient|\bnir\b|\bins_|birth|consent|carer|journal|support_?request|request\.user",
    re.IGNORECASE,
)


def test_no_public_template_refers_to_patient_data():
    checked = 0
    for folder in PUBLIC_TEMPLATE_DIRS:
        for path in folder.glob("*.*"):
            source = path.read_text(encoding="utf-8")
            for tag in re.findall(r"{[{%](.*?)[}%]}", source, flags=re.S):
                assert not FORBIDDEN_IN_TAGS.search(tag), f"{path.name}: {tag.strip()}"
            checked += 1
    assert checked >= 15


def test_the_partner_search_is_opt_in_and_shows_directory_fields_only(client, site, network):
    url = reverse("public:directory", kwargs={"slug": site.slug})
    body = text(client.get(url, {"q": "dupont"}))
    assert "Alice DUPONT" in body and "Cabinet du Port" in body
    assert "Halte répit" in text(client.get(url, {"type": "ressources"}))
    PublicSiteSettings.objects.filter(network=site).update(publish_directory=False)
    assert client.get(url).status_code == 404
    home = text(client.get(reverse("public:network_home", kwargs={"slug": site.slug})))
    assert "Partenaires" not in home


def test_public_file_downloads_only_for_public_documents(client, network, coordinator):
    def upload(audience):
        document = services.document_create(
            actor=coordinator,
            network=network,
            data={"title": f"Fiche {audience}", "category": "other", "audience": audience},
            kind=VersionKind.FILE,
            uploaded_file=SimpleUploadedFile("fiche.pdf", MINIMAL_PDF, "application/pdf"),
        )
        services.document_version_publish(actor=coordinator, version=document.versions.get())
        return document

    public, internal = upload("professionals"), upload("internal")
    for document, expected in ((public, 200), (internal, 404)):
        url = reverse(
            "public:document_file",
            kwargs={"slug": network.slug, "public_id": document.public_id},
        )
        response = client.get(url)
        assert response.status_code == expected
        if response.streaming:
            assert b"".join(response.streaming_content) == MINIMAL_PDF
    response = client.get(
        reverse(
            "public:document_file", kwargs={"slug": network.slug, "public_id": public.public_id}
        )
    )
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    b"".join(response.streaming_content)
    assert AuditEvent.objects.filter(action="documents.file.downloaded").count() == 2


def test_the_public_pages_keep_a_query_budget(client, site, django_assert_max_num_queries):
    for url in public_urls(site):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def _with_coordinates(site):
    """Nantes (covered by name) and an Angers commune (covered through the whole 49)."""
    Commune.objects.filter(insee_code="44109").update(latitude=47.218, longitude=-1.553)
    Commune.objects.create(
        insee_code="49007",
        name="Angers",
        search_name="angers",
        departement="49",
        cog_type="COM",
        latitude=47.473,
        longitude=-0.551,
    )
    Commune.objects.create(
        insee_code="49099",
        name="Sans coordonnées",
        search_name="x",
        departement="49",
        cog_type="COM",
    )


def test_the_territory_map_is_loaded_only_on_request(client, site):
    """The home page carries a button and a small loader, not Leaflet nor the points: the
    page stays within budget and the map's weight is paid only by who asks for it."""
    _with_coordinates(site)
    home = client.get(reverse("public:network_home", kwargs={"slug": site.slug})).content.decode()
    assert "Afficher la carte" in home
    loaded = re.findall(r'<script[^>]+src="/static/([^"]+)"', home) + re.findall(
        r'<link rel="stylesheet" href="/static/([^"]+)"', home
    )
    assert sorted(loaded) == [
        "documents/public.css",
        "documents/public_map.js",
        "vendor/pico-2.1.1/pico.min.css",
    ]
    assert "<script>" not in home and " style=" not in home
    # The on-request assets are real static files.
    for name in (
        "vendor/leaflet-1.9.4/leaflet.js",
        "vendor/leaflet-1.9.4/leaflet.css",
        "maillage/map.js",
    ):
        assert f"/static/{name}" in home and finders.find(name), name
    assert len(home.encode()) + _asset_bytes(home) < PAGE_BUDGET_BYTES


def test_the_territory_geojson_lists_covered_communes_with_coordinates(
    client, site, other_network, django_assert_max_num_queries
):
    _with_coordinates(site)
    url = reverse("public:territory", kwargs={"slug": site.slug})
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    names = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in data["features"]}
    assert names == {"Angers": [-0.551, 47.473], "Nantes": [-1.553, 47.218]}
    assert set(data["features"][0]["properties"]) == {"insee", "name", "departement"}
    # Another network's map shows its own territory only; an unpublished site or an
    # unknown slug: 404.
    other_url = reverse("public:territory", kwargs={"slug": other_network.slug})
    assert client.get(other_url).json()["features"] == []
    PublicSiteSettings.objects.update_or_create(
        network=other_network, defaults={"is_published": False}
    )
    assert client.get(other_url).status_code == 404
    assert client.get(reverse("public:territory", kwargs={"slug": "inconnu"})).status_code == 404


def test_public_page_query_counts_do_not_grow_with_their_rows(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.directory.models import Activity, Professional, ProfessionalNetworkInfo
    from maillage.documents.tests.factories import published_document
    from maillage.training.tests.factories import published_event

    urls = public_urls(site)

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            result.append(len(captured))
        return result

    before = counts()
    for n in range(8):
        published_event(site, title=f"Soirée n° {n}")
        published_document(site, title=f"Fiche n° {n}")
        partner = Professional.objects.create(
            last_name=f"DUPONT{n}", first_name="Marc", search_name=f"dupont{n} marc"
        )
        Activity.objects.create(professional=partner, name=f"Cabinet {n}", city="Nantes")
        ProfessionalNetworkInfo.objects.create(network=site, professional=partner, is_partner=True)
    assert counts() == before


def test_the_registration_pages_also_stay_under_200_kb(client, site):
    from maillage.training.models import EventStatus
    from maillage.training.tests.factories import RegistrationFactory, published_event
    from maillage.training.tokens import CANCEL_SALT, SATISFACTION_SALT, make_token

    event = site.training_events.get(status="published")
    held = published_event(site, days_ahead=-2, title="Soirée tenue")
    held.status = EventStatus.HELD
    held.save()
    attendee = RegistrationFactory(event=held, attended=True)
    slug = {"slug": site.slug, "public_id": event.public_id}
    urls = [
        reverse("public:registration_done", kwargs=slug),
        reverse(
            "public:registration_cancel",
            kwargs={"token": make_token(event.registrations.get(), CANCEL_SALT)},
        ),
        reverse("public:satisfaction", kwargs={"token": make_token(attendee, SATISFACTION_SALT)}),
        reverse("public:registration_cancel", kwargs={"token": "lien-falsifie"}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        body = response.content.decode()
        weight = len(body.encode()) + _asset_bytes(body)
        assert weight < PAGE_BUDGET_BYTES, f"{url}: {weight} octets"
        assert "leaflet" not in body
