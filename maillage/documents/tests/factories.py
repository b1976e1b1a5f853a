import factory
from django.utils import timezone

from maillage.documents.markdown import render_markdown
from maillage.documents.models import (
    Audience,
    Document,
    DocumentCategory,
    DocumentStatus,
    DocumentVersion,
    VersionKind,
)
from maillage.networks.tests.factories import NetworkFactory


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Fiche pratique n° {n} : la chimiothérapie orale")
    summary = "Ce qu'il faut savoir à domicile."
    category = DocumentCategory.PATHOLOGY_SHEET
    audience = Audience.PATIENTS
    status = DocumentStatus.DRAFT


class PageVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = VersionKind.PAGE
    body_markdown = "## À retenir\n\nPrenez le traitement à heure fixe."
    body_html = factory.LazyAttribute(lambda o: str(render_markdown(o.body_markdown)))


def published_document(network, **kwargs) -> Document:
    document = DocumentFactory(network=network, **kwargs)
    version = PageVersionFactory(document=document, number=1, published_at=timezone.now())
    document.current_version = version
    document.status = DocumentStatus.PUBLISHED
    document.save()
    return document
