"""Writes on the document library and the public-site settings: atomic, audited."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maillage.audit import record
from maillage.documents.markdown import render_markdown
from maillage.documents.models import (
    Document,
    DocumentStatus,
    DocumentVersion,
    PublicContact,
    PublicSiteSettings,
    VersionKind,
)
from maillage.files.services import store_upload

DOCUMENT_FIELDS = ["title", "summary", "category", "audience"]
FILE_USAGE = "documents.file"  # registered in DocumentsConfig.ready()


class DocumentError(Exception):
    """A refusal with a French message for the user."""


def _new_version(*, actor, document, kind, markdown="", uploaded_file=None, change_note=""):
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        kind=kind,
        change_note=change_note,
        created_by=actor,
    )
    if kind == VersionKind.PAGE:
        if not (markdown or "").strip():
            raise DocumentError("Texte de la page : il est vide.")
        version.body_markdown = markdown
        version.body_html = render_markdown(markdown)
    else:
        if uploaded_file is None:
            raise DocumentError("Fichier : choisissez le fichier à déposer.")
        stored = store_upload(
            actor=actor,
            network=document.network,
            uploaded_file=uploaded_file,
            use=FILE_USAGE,
            owner=version,
        )
        version.file_public_id = stored.public_id
        version.file_name = stored.original_name
        version.file_content_type = stored.content_type
        version.file_size = stored.size
    version.save()
    record(
        "documents.version.created",
        actor=actor,
        network=document.network,
        target=version,
        details={"document": str(document.public_id), "number": version.number, "kind": kind},
    )
    return version


@transaction.atomic
def document_create(
    *, actor, network, data: dict, thematics=(), kind, markdown="", uploaded_file=None
) -> Document:
    """A new document (draft) with its first version."""
    document = Document(network=network, created_by=actor, status=DocumentStatus.DRAFT)
    for name in DOCUMENT_FIELDS:
        setattr(document, name, data.get(name) or "")
    document.save()
    document.thematics.set(thematics)
    record("documents.document.created", actor=actor, network=network, target=document)
    _new_version(
        actor=actor, document=document, kind=kind, markdown=markdown, uploaded_file=uploaded_file
    )
    return document


@transaction.atomic
def document_update(*, actor, document: Document, data: dict, thematics=None) -> Document:
    changed = [n for n in DOCUMENT_FIELDS if n in data and getattr(document, n) != data[n]]
    for name in changed:
        setattr(document, name, data[name])
    document.save()
    if thematics is not None:
        document.thematics.set(thematics)
    record(
        "documents.document.updated",
        actor=actor,
        network=document.network,
        target=document,
        details={"fields": changed},
    )
    return document


@transaction.atomic
def document_version_add(
    *, actor, document: Document, kind, markdown="", uploaded_file=None, change_note=""
) -> DocumentVersion:
    document = Document.objects.select_for_update().get(pk=document.pk)
    return _new_version(
        actor=actor,
        document=document,
        kind=kind,
        markdown=markdown,
        uploaded_file=uploaded_file,
        change_note=change_note,
    )


@transaction.atomic
def document_version_publish(*, actor, version: DocumentVersion) -> Document:
    """Makes `version` the current one; the document is published (public if its audience is)."""
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if version.published_at is None:
        version.published_at = timezone.now()
        version.save(update_fields=["published_at", "updated_at"])
    previous = document.current_version_id
    document.current_version = version
    document.status = DocumentStatus.PUBLISHED
    document.save(update_fields=["current_version", "status", "updated_at"])
    record(
        "documents.version.published",
        actor=actor,
        network=document.network,
        target=version,
        details={
            "document": str(document.public_id),
            "number": version.number,
            "replaces": previous is not None,
        },
    )
    return document


@transaction.atomic
def document_archive(*, actor, document: Document) -> Document:
    if document.status == DocumentStatus.ARCHIVED:
        raise DocumentError("Ce document est déjà retiré.")
    document.status = DocumentStatus.ARCHIVED
    document.save(update_fields=["status", "updated_at"])
    record("documents.document.archived", actor=actor, network=document.network, target=document)
    return document


SITE_FIELDS = [
    "is_published",
    "tagline",
    "meta_description",
    "missions",
    "how_to_get_help",
    "publish_directory",
]


@transaction.atomic
def site_settings_update(*, actor, network, data: dict) -> PublicSiteSettings:
    site, _ = PublicSiteSettings.objects.select_for_update().get_or_create(network=network)
    changed = [n for n in SITE_FIELDS if n in data and getattr(site, n) != data[n]]
    for name in changed:
        setattr(site, name, data[name])
    site.missions_html = render_markdown(site.missions) if site.missions else ""
    site.save()
    record(
        "documents.public_site.updated",
        actor=actor,
        network=network,
        target=site,
        details={"fields": changed},
    )
    return site


@transaction.atomic
def public_contact_add(*, actor, network, data: dict) -> PublicContact:
    contact = PublicContact.objects.create(network=network, **data)
    record("documents.public_contact.added", actor=actor, network=network, target=contact)
    return contact


@transaction.atomic
def public_contact_remove(*, actor, contact: PublicContact) -> None:
    record("documents.public_contact.removed", actor=actor, network=contact.network, target=contact)
    contact.delete()
