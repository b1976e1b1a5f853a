"""Access to the library (staff of the network) and to the public site (anyone, when on)."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.http import Http404

from maillage.documents import selectors
from maillage.documents.models import Document

LIBRARY_WRITERS = ("coordinator", "medical_lead", "director", "network_admin")
SITE_EDITORS = ("director", "network_admin")


def can_edit_library(membership) -> bool:
    return membership is not None and membership.role in LIBRARY_WRITERS


def documents_visible_to(request):
    """Every document of the active network, internal ones included, for any staff member."""
    if getattr(request, "membership", None) is None:
        return Document.objects.none()
    return Document.objects.filter(network=request.network)


def get_document_for_user(request, public_id, *, detailed: bool = False) -> Document:
    documents = documents_visible_to(request)
    if detailed:
        documents = selectors.with_versions(documents)
    document = documents.filter(public_id=public_id).first()
    if document is None:
        raise Http404
    return document


def can_read_version_file(user, version_public_id) -> bool:
    """For `files:download`: the staff of the document's network, or anyone logged in when the
    version is the current one of a public document."""
    from maillage.documents.models import DocumentVersion

    version = (
        DocumentVersion.objects.select_related("document")
        .filter(public_id=version_public_id)
        .first()
    )
    if version is None:
        return False
    document = version.document
    if document.is_public and document.current_version_id == version.pk:
        return True
    return (
        getattr(user, "is_staff_kind", False)
        and user.memberships.filter(
            network_id=document.network_id, is_active=True, network__is_active=True
        ).exists()
    )


def get_public_site_or_404(slug: str):
    found = selectors.public_network(slug)
    if found is None:
        raise Http404
    return found


def public_context(request, network, site, **extra) -> dict:
    """What every public page needs: the network, its settings, the canonical URL."""
    return {
        "network": network,
        "site": site,
        "canonical_url": django_settings.SITE_URL.rstrip("/") + request.path,
        **extra,
    }
