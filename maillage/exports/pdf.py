"""PDF rendering with WeasyPrint: every page stamped, nothing fetched but the static files.

    content = render_pdf("careplans/pps.html", {"pps": pps}, stamp_user=request.user)
    return deliver(request, Export(content=content, filename="pps.pdf", fmt="pdf", ...))

Templates link their styles and images with `{% static %}`. Relative and root-relative URLs
resolve against a base URL no request ever reaches, and the URL fetcher serves only the
project's static files from disk. Everything else is refused: `file://` (a template or a user's
text pointing at /etc/passwd), `http(s)://` (no network, no tracking, no SSRF), and `data:` URLs
except small raster images.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://pdf.maillage.invalid/"
MAX_DATA_IMAGE_BYTES = 256 * 1024
_DATA_IMAGE = re.compile(r"^data:(image/(?:png|jpeg|gif|webp));base64,(.*)$", re.S | re.I)


class RefusedResource(ValueError):
    """A resource the PDF may not load (WeasyPrint logs it and renders without it)."""


def _static_file(name: str) -> Path | None:
    name = posixpath.normpath(unquote(name)).lstrip("/")
    if name.startswith("..") or "\0" in name or not name:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / name).resolve()
    if candidate.is_file() and candidate.is_relative_to(root):
        return candidate
    return None


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint URL fetcher that reads the project's static files and nothing else."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=())
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.lower().startswith("data:"):
            return self._data_image(url)
        parts = urlsplit(url)
        base = urlsplit(BASE_URL)
        static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
        if (
            parts.scheme == base.scheme
            and parts.netloc == base.netloc
            and parts.path.startswith(static_prefix)
        ):
            path = _static_file(parts.path.removeprefix(static_prefix))
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": content_type}
                )
        return self._refuse(url)

    def _data_image(self, url: str):
        match = _DATA_IMAGE.match(url)
        if match:
            try:
                body = base64.b64decode(match.group(2), validate=False)
            except (binascii.Error, ValueError):
                body = b""
            if 0 < len(body) <= MAX_DATA_IMAGE_BYTES:
                return URLFetcherResponse(url, body=body, headers={"Content-Type": match.group(1)})
        return self._refuse(url[:40])

    def _refuse(self, url: str):
        self.refused.append(url)
        raise RefusedResource("Only the project's static files may be loaded into a PDF.")


def stamp_text(user, at=None) -> str:
    name = (getattr(user, "full_name", "") or getattr(user, "email", "") or str(user)).strip()
    at = timezone.localtime(at or timezone.now())
    return f"Confidentiel — généré par {name} le {at:%d/%m/%Y à %H:%M}"


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\r\n\f]+", " ", escaped) + '"'


def html_to_pdf(html: str, *, stamp_user, at=None) -> bytes:
    """The PDF of `html`, each page stamped "Confidentiel — généré par <nom> le <date>"."""
    fetcher = StaticOnlyFetcher()
    stamp = _css_string(stamp_text(stamp_user, at))
    stamp_css = CSS(
        string=(
            "@page { @bottom-center { content: " + stamp + " !important; font-size: 8pt;"
            " color: #374151; font-family: sans-serif; } }"
        ),
        url_fetcher=fetcher,
    )
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stamp_css])


def render_pdf(template_name: str, context: dict, *, stamp_user, request=None, at=None) -> bytes:
    html = render_to_string(template_name, context, request=request)
    return html_to_pdf(html, stamp_user=stamp_user, at=at)
