import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.audit.models import AuditEvent
from maillage.documents import services
from maillage.documents.markdown import render_markdown
from maillage.documents.models import DocumentStatus, VersionKind
from maillage.files.models import StoredFile
from maillage.files.services import UploadRefused
from maillage.files.tests import samples

pytestmark = pytest.mark.django_db

MINIMAL_PDF = samples.pdf()
PNG_BYTES = samples.png_with_text()
DATA = {"title": "Fiche de liaison", "summary": "", "category": "liaison_sheet"}


def test_markdown_is_cleaned_of_scripts_and_javascript_links():
    html = str(
        render_markdown(
            "# Titre\n\nTexte <script>alert('x')</script> et "
            '[piège](javascript:alert(1)) et <a href="JaVaScRiPt:alert(2)">autre</a> '
            '<img src="x" onerror="alert(3)"> <b onclick="alert(4)">gras</b> '
            "[site](https://www.has-sante.fr)"
        )
    )
    assert "<script" not in html and "alert('x')" not in html
    assert "javascript:" not in html.lower()
    assert "onerror" not in html and "onclick" not in html and "<img" not in html
    assert '<a href="https://www.has-sante.fr" rel="noopener noreferrer nofollow">site</a>' in html
    assert "<h2>Titre</h2>" in html  # the page title is the only <h1>


def test_a_page_document_is_created_as_a_draft_then_published(network, coordinator):
    document = services.document_create(
        actor=coordinator,
        network=network,
        data=DATA | {"audience": "professionals"},
        kind=VersionKind.PAGE,
        markdown="Bonjour <script>alert(1)</script>",
    )
    version = document.versions.get()
    assert document.status == DocumentStatus.DRAFT and version.number == 1
    assert "<script" not in version.body_html and "Bonjour" in version.body_html
    services.document_version_publish(actor=coordinator, version=version)
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED and document.current_version == version
    assert document.is_public
    assert AuditEvent.objects.filter(action="documents.version.published").exists()


def test_a_new_version_keeps_the_history(network, coordinator):
    document = services.document_create(
        actor=coordinator,
        network=network,
        data=DATA | {"audience": "internal"},
        kind=VersionKind.PAGE,
        markdown="Version 1",
    )
    first = document.versions.get()
    services.document_version_publish(actor=coordinator, version=first)
    second = services.document_version_add(
        actor=coordinator,
        document=document,
        kind=VersionKind.PAGE,
        markdown="Version 2",
        change_note="Nouveaux numéros",
    )
    document.refresh_from_db()
    assert document.current_version == first  # until the new one is published
    services.document_version_publish(actor=coordinator, version=second)
    document.refresh_from_db()
    assert document.current_version == second
    assert [v.number for v in document.versions.all()] == [2, 1]
    assert not document.is_public  # internal documents never reach the public site


def test_a_file_version_is_kept(network, coordinator):
    document = services.document_create(
        actor=coordinator,
        network=network,
        data=DATA | {"audience": "professionals"},
        kind=VersionKind.FILE,
        uploaded_file=SimpleUploadedFile("fiche.pdf", MINIMAL_PDF, "application/pdf"),
    )
    version = document.versions.get()
    assert version.file_content_type == "application/pdf"
    assert version.file_name == "fiche.pdf" and version.file_size == len(MINIMAL_PDF)
    stored = StoredFile.objects.get(public_id=version.file_public_id)
    assert stored.use == "documents.file"
    assert (stored.owner_type, stored.owner_public_id) == (
        "documents.documentversion",
        version.public_id,
    )


def test_an_image_named_like_a_pdf_is_kept_as_what_it_is(network, coordinator):
    document = services.document_create(
        actor=coordinator,
        network=network,
        data=DATA | {"audience": "professionals"},
        kind=VersionKind.FILE,
        uploaded_file=SimpleUploadedFile("fiche.pdf", PNG_BYTES, "application/pdf"),
    )
    version = document.versions.get()
    assert version.file_content_type == "image/png"
    assert version.file_name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fiche.pdf", samples.executable(), "Ce fichier n'est pas un PDF"),
        ("fiche.pdf", b"<html><body><script>alert(1)</script></body></html>", "page web"),
        ("vide.pdf", b"", "vide"),
        ("actif.pdf", samples.pdf_with_javascript(), "contient du code"),
    ],
)
def test_a_file_that_lies_about_its_type_is_refused(network, coordinator, name, content, message):
    with pytest.raises(UploadRefused, match=message):
        services.document_create(
            actor=coordinator,
            network=network,
            data=DATA | {"audience": "professionals"},
            kind=VersionKind.FILE,
            uploaded_file=SimpleUploadedFile(name, content, "application/pdf"),
        )
    assert not network.documents.exists()


def test_site_settings_render_the_missions_cleaned(network, director):
    site = services.site_settings_update(
        actor=director,
        network=network,
        data={"missions": "Nous **aidons**. <script>x()</script>", "publish_directory": True},
    )
    assert "<strong>aidons</strong>" in site.missions_html and "<script" not in site.missions_html
    assert site.publish_directory
