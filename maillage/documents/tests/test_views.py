import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.documents.models import Document, DocumentStatus, PublicSiteSettings
from maillage.documents.tests.factories import DocumentFactory, PageVersionFactory
from maillage.documents.tests.test_services import MINIMAL_PDF
from maillage.files.tests import samples

pytestmark = pytest.mark.django_db

STAFF = ["reception", "coordinator", "medical_lead", "director", "network_admin"]


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def document(network):
    document = DocumentFactory(network=network, title="Protocole sortie d'hospitalisation")
    PageVersionFactory(document=document, number=1)
    return document


@pytest.mark.parametrize("persona", STAFF)
def test_every_staff_member_reads_the_library(request, client_for, persona, document):
    client = client_for(request.getfixturevalue(persona))
    assert document.title in text(client.get(reverse("documents:library")))
    detail = client.get(reverse("documents:detail", kwargs={"public_id": document.public_id}))
    assert detail.status_code == 200


@pytest.mark.parametrize(
    ("persona", "can_write", "can_edit_site"),
    [
        ("reception", False, False),
        ("coordinator", True, False),
        ("medical_lead", True, False),
        ("director", True, True),
        ("network_admin", True, True),
    ],
)
def test_writing_is_for_some_roles_only(request, client_for, persona, can_write, can_edit_site):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("documents:create")).status_code == (200 if can_write else 404)
    site = client.get(reverse("documents:site_settings"))
    assert site.status_code == (200 if can_edit_site else 404)


def test_the_file_of_an_internal_document_stays_with_its_network(
    client_for, coordinator, coordinator_other_network, external_outside
):
    client_for(coordinator).post(
        reverse("documents:create"),
        {
            "title": "Modèle de PPS",
            "category": "pps_model",
            "audience": "internal",
            "kind": "file",
            "file": SimpleUploadedFile("modele-pps.pdf", MINIMAL_PDF, "application/pdf"),
        },
    )
    version = Document.objects.get().versions.get()
    url = reverse("files:download", kwargs={"public_id": version.file_public_id})
    for outsider in (coordinator_other_network, external_outside):
        assert client_for(outsider).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator_other_network", "external_outside"])
def test_outsiders_get_404(request, client_for, persona, document):
    client = client_for(request.getfixturevalue(persona))
    e = {"public_id": document.public_id}
    assert client.get(reverse("documents:detail", kwargs=e)).status_code == 404
    assert client.get(reverse("documents:edit", kwargs=e)).status_code == 404
    version = document.versions.get()
    publish = reverse("documents:version_publish", kwargs=e | {"version_id": version.public_id})
    assert client.post(publish).status_code == 404
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT


def test_the_anonymous_visitor_is_sent_to_login(client, document):
    for url in (
        reverse("documents:library"),
        reverse("documents:detail", kwargs={"public_id": document.public_id}),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_the_library_paginates_within_a_query_budget(
    client_for, coordinator, network, django_assert_max_num_queries
):
    for _ in range(30):
        PageVersionFactory(document=DocumentFactory(network=network))
    client = client_for(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("documents:library"))
    assert "Page 1 sur 2" in text(response)


def test_the_detail_keeps_a_query_budget(
    client_for, coordinator, document, django_assert_max_num_queries
):
    for n in range(2, 8):
        PageVersionFactory(document=document, number=n)
    client = client_for(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("documents:detail", kwargs={"public_id": document.public_id}))
    assert response.status_code == 200


def test_a_coordinator_writes_a_page_and_publishes_it(client_for, coordinator, network):
    client = client_for(coordinator)
    response = client.post(
        reverse("documents:create"),
        {
            "title": "Vivre avec une chimiothérapie orale",
            "summary": "Guide pour les patients et leurs proches",
            "category": "patient_guide",
            "audience": "patients",
            "kind": "page",
            "markdown": "## Conseils\n\n- Boire beaucoup\n\n<script>alert(1)</script>",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    version = document.versions.get()
    client.post(
        reverse(
            "documents:version_publish",
            kwargs={"public_id": document.public_id, "version_id": version.public_id},
        )
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED
    public = client.get(
        reverse(
            "public:document_detail",
            kwargs={"slug": network.slug, "public_id": document.public_id},
        )
    )
    body = public.content.decode()
    assert "Boire beaucoup" in body and "alert(1)" not in body


def test_the_create_form_speaks_french(client_for, coordinator):
    response = client_for(coordinator).post(reverse("documents:create"), {"kind": "file"})
    body = text(response)
    assert "Titre : ce champ est obligatoire." in body
    assert "Fichier : choisissez le fichier à déposer." in body
    assert not Document.objects.exists()


def test_a_lying_upload_is_refused_with_a_french_message(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("documents:create"),
        {
            "title": "Fiche",
            "category": "other",
            "audience": "professionals",
            "kind": "file",
            "file": SimpleUploadedFile("fiche.pdf", samples.executable(), "application/pdf"),
        },
    )
    assert "Ce fichier n'est pas un PDF : son contenu est celui d'un programme" in text(response)
    assert not Document.objects.exists()


def test_a_file_is_downloaded_by_staff_with_protective_headers(client_for, coordinator):
    client = client_for(coordinator)
    client.post(
        reverse("documents:create"),
        {
            "title": "Modèle de PPS",
            "category": "pps_model",
            "audience": "internal",
            "kind": "file",
            "file": SimpleUploadedFile("modele-pps.pdf", MINIMAL_PDF, "application/pdf"),
        },
    )
    document = Document.objects.get()
    version = document.versions.get()
    detail = text(client.get(reverse("documents:detail", kwargs={"public_id": document.public_id})))
    download_url = reverse("files:download", kwargs={"public_id": version.file_public_id})
    assert download_url in detail
    response = client.get(download_url)
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]


def test_the_director_sets_the_public_site(client_for, director, network):
    client = client_for(director)
    client.post(
        reverse("documents:site_settings"),
        {
            "is_published": "on",
            "tagline": "Votre appui pour les situations complexes",
            "missions": "Nous **coordonnons**.",
            "publish_directory": "on",
        },
    )
    site = PublicSiteSettings.objects.get(network=network)
    assert site.publish_directory and "<strong>coordonnons</strong>" in site.missions_html
    client.post(
        reverse("documents:contact_add"),
        {"name": "Camille Coordination", "role": "Infirmière coordinatrice", "position": "1"},
    )
    home = client.get(reverse("public:network_home", kwargs={"slug": network.slug}))
    assert "Camille Coordination" in text(home)
    response = client.post(reverse("documents:contact_add"), {"email": "faux"})
    assert response.status_code == 400 and "Nom : ce champ est obligatoire." in text(response)


def test_bad_input_on_the_site_settings_and_contacts_is_named_in_french(
    client_for, director, network
):
    client = client_for(director)
    response = client.post(
        reverse("documents:site_settings"),
        {"is_published": "on", "meta_description": "x" * 170, "tagline": "Accroche"},
    )
    assert response.status_code == 200
    assert (
        "Description pour les moteurs de recherche : 160 caractères au plus "
        "(le texte en compte 170)." in text(response)
    )
    assert not PublicSiteSettings.objects.filter(network=network, tagline="Accroche").exists()
    response = client.post(
        reverse("documents:contact_add"), {"name": "", "role": "IDEC", "email": "pas-une-adresse"}
    )
    body = text(response)
    assert "Nom : ce champ est obligatoire." in body
    assert "Courriel : saisissez une adresse complète" in body
