"""The staff library: list, create, versions, publish, withdraw; the public-site settings."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import staff_required
from maillage.documents import selectors, services
from maillage.documents.forms import (
    DocumentCreateForm,
    DocumentForm,
    PublicContactForm,
    SiteSettingsForm,
    VersionContentForm,
)
from maillage.documents.models import (
    Audience,
    DocumentCategory,
    DocumentStatus,
    PublicContact,
    VersionKind,
)
from maillage.documents.permissions import (
    LIBRARY_WRITERS,
    SITE_EDITORS,
    can_edit_library,
    get_document_for_user,
)
from maillage.files.services import UploadRefused


@staff_required()
@require_http_methods(["GET"])
def library(request):
    q = (request.GET.get("q") or "").strip()[:100]
    category = request.GET.get("categorie", "")
    category = category if category in DocumentCategory.values else ""
    audience = request.GET.get("public", "")
    audience = audience if audience in Audience.values else ""
    documents = selectors.library_list(request.network, q=q, category=category, audience=audience)
    page = Paginator(documents, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/library.html",
        {
            "page_obj": page,
            "q": q,
            "category": category,
            "audience": audience,
            "categories": DocumentCategory.choices,
            "audiences": Audience.choices,
            "can_edit": can_edit_library(request.membership),
            "querystring_prefix": urlencode({"q": q, "categorie": category, "public": audience})
            + "&",
        },
    )


def _content_kwargs(form) -> dict:
    kind = form.cleaned_data["kind"]
    return {
        "kind": kind,
        "markdown": form.cleaned_data.get("markdown") or "",
        "uploaded_file": form.cleaned_data.get("file") if kind == VersionKind.FILE else None,
    }


@staff_required(*LIBRARY_WRITERS)
@require_http_methods(["GET", "POST"])
def document_create(request):
    form = DocumentCreateForm(request.POST or None, request.FILES or None, network=request.network)
    if request.method == "POST" and form.is_valid():
        data = {n: form.cleaned_data[n] for n in ("title", "summary", "category", "audience")}
        try:
            document = services.document_create(
                actor=request.user,
                network=request.network,
                data=data,
                thematics=form.cleaned_data["thematics"],
                **_content_kwargs(form),
            )
        except UploadRefused as exc:
            form.add_error("file", exc)
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "Document enregistré en brouillon : publiez-le une fois relu."
            )
            return redirect("documents:detail", public_id=document.public_id)
    return render(request, "documents/document_form.html", {"form": form, "document": None})


@staff_required()
@require_http_methods(["GET"])
def document_detail(request, public_id):
    document = get_document_for_user(request, public_id, detailed=True)
    version = document.current_version or next(iter(document.versions.all()), None)
    shown = request.GET.get("version")
    if shown:
        version = next((v for v in document.versions.all() if str(v.public_id) == shown), version)
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "version": version,
            "can_edit": can_edit_library(request.membership),
        },
    )


@staff_required(*LIBRARY_WRITERS)
@require_http_methods(["GET", "POST"])
def document_edit(request, public_id):
    document = get_document_for_user(request, public_id)
    form = DocumentForm(request.POST or None, instance=document, network=request.network)
    if request.method == "POST" and form.is_valid():
        services.document_update(
            actor=request.user,
            document=document,
            data={n: form.cleaned_data[n] for n in ("title", "summary", "category", "audience")},
            thematics=form.cleaned_data["thematics"],
        )
        messages.success(request, "Document mis à jour.")
        return redirect("documents:detail", public_id=document.public_id)
    return render(request, "documents/document_form.html", {"form": form, "document": document})


@staff_required(*LIBRARY_WRITERS)
@require_http_methods(["GET", "POST"])
def version_add(request, public_id):
    document = get_document_for_user(request, public_id)
    form = VersionContentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_version_add(
                actor=request.user,
                document=document,
                change_note=form.cleaned_data["change_note"],
                **_content_kwargs(form),
            )
        except UploadRefused as exc:
            form.add_error("file", exc)
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Nouvelle version enregistrée : publiez-la pour la diffuser.")
            return redirect("documents:detail", public_id=document.public_id)
    return render(request, "documents/version_form.html", {"form": form, "document": document})


def _get_version(document, version_id):
    version = document.versions.filter(public_id=version_id).first()
    if version is None:
        raise Http404
    return version


@staff_required(*LIBRARY_WRITERS)
@require_POST
def version_publish(request, public_id, version_id):
    document = get_document_for_user(request, public_id)
    version = _get_version(document, version_id)
    services.document_version_publish(actor=request.user, version=version)
    messages.success(request, f"Version {version.number} publiée : c'est la version en vigueur.")
    return redirect("documents:detail", public_id=document.public_id)


@staff_required(*LIBRARY_WRITERS)
@require_POST
def document_archive(request, public_id):
    document = get_document_for_user(request, public_id)
    try:
        services.document_archive(actor=request.user, document=document)
    except services.DocumentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Document retiré : il n'apparaît plus sur le site public.")
    return redirect("documents:detail", public_id=document.public_id)


@staff_required(*SITE_EDITORS)
@require_http_methods(["GET", "POST"])
def site_settings(request):
    site = selectors.site_settings(request.network)
    form = SiteSettingsForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        services.site_settings_update(
            actor=request.user,
            network=request.network,
            data={n: form.cleaned_data[n] for n in services.SITE_FIELDS},
        )
        messages.success(request, "Réglages du site public enregistrés.")
        return redirect("documents:site_settings")
    return render(
        request,
        "documents/site_settings.html",
        {
            "form": form,
            "contact_form": PublicContactForm(),
            "contacts": selectors.public_contacts(request.network),
        },
    )


@staff_required(*SITE_EDITORS)
@require_POST
def contact_add(request):
    form = PublicContactForm(request.POST)
    if not form.is_valid():
        site = selectors.site_settings(request.network)
        return render(
            request,
            "documents/site_settings.html",
            {
                "form": SiteSettingsForm(instance=site),
                "contact_form": form,
                "contacts": selectors.public_contacts(request.network),
            },
            status=400,
        )
    services.public_contact_add(actor=request.user, network=request.network, data=form.cleaned_data)
    messages.success(request, "Contact ajouté au site public.")
    return redirect("documents:site_settings")


@staff_required(*SITE_EDITORS)
@require_POST
def contact_remove(request, contact_id):
    contact = PublicContact.objects.filter(network=request.network, public_id=contact_id).first()
    if contact is None:
        raise Http404
    services.public_contact_remove(actor=request.user, contact=contact)
    messages.success(request, "Contact retiré du site public.")
    return redirect("documents:site_settings")


STATUS_LABELS = dict(DocumentStatus.choices)
