"""PDFs: every page stamped; nothing loaded but the project's static files."""

import base64
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from maillage.exports.pdf import StaticOnlyFetcher, html_to_pdf, render_pdf, stamp_text

AT = datetime(2025, 3, 12, 14, 5, tzinfo=ZoneInfo("Europe/Paris"))
STAMP = "Confidentiel — généré par Aude Rossignol le 12/03/2025 à 14:05"


class Author:
    full_name = "Aude Rossignol"
    email = "a.rossignol@example.org"


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_is_stamped():
    html = "<h1>Plan</h1>" + "<p>Une ligne du plan personnalisé.</p>" * 150
    pages = _pages(html_to_pdf(html, stamp_user=Author(), at=AT))
    assert len(pages) >= 3
    assert all(STAMP in text for text in pages)


def test_the_stamp_survives_a_template_that_tries_to_replace_it():
    html = "<style>@page { @bottom-center { content: 'rien' } }</style><p>x</p>"
    assert STAMP in _pages(html_to_pdf(html, stamp_user=Author(), at=AT))[0]


def test_the_stamp_names_the_user_safely():
    class Odd:
        full_name = 'Jean "Quote" \\ Dupuis'

    assert 'Jean "Quote" \\ Dupuis' in stamp_text(Odd(), AT)
    assert 'Jean "Quote"' in _pages(html_to_pdf("<p>x</p>", stamp_user=Odd(), at=AT))[0]


def test_a_template_pointing_at_etc_passwd_renders_without_it(settings, tmp_path):
    (tmp_path / "hostile.html").write_text(
        """{% load static %}<html><head>
        <link rel="stylesheet" href="{% static 'exports/pdf.css' %}">
        <link rel="stylesheet" href="file:///etc/passwd">
        <style>@import url("file:///etc/passwd"); body { background: url(/etc/passwd) }</style>
        </head><body><h1>Document</h1>
        <img src="file:///etc/passwd" alt="a"><img src="../../../../etc/passwd" alt="b">
        <img src="http://127.0.0.1:9/pixel.png" alt="c">
        <object data="file:///etc/passwd"></object><iframe src="file:///etc/passwd"></iframe>
        <a rel="attachment" href="file:///etc/passwd">pièce jointe</a>
        <link rel="attachment" href="file:///etc/passwd">
        </body></html>""",
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    pdf = render_pdf("hostile.html", {}, stamp_user=Author(), at=AT)
    reader = PdfReader(io.BytesIO(pdf))
    assert "Document" in reader.pages[0].extract_text()
    assert not reader.attachments
    text = "".join(page.extract_text() for page in reader.pages)
    assert "root:" not in text
    assert b"root:x:0:0" not in pdf


def test_the_fetcher_serves_static_files_and_refuses_the_rest():
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch("https://pdf.maillage.invalid/static/exports/pdf.css")
    assert b"@page" in css.read()
    for url in [
        "file:///etc/passwd",
        "https://pdf.maillage.invalid/static/../../config/settings.py",
        "https://pdf.maillage.invalid/static/%2e%2e/%2e%2e/config/settings.py",
        "https://pdf.maillage.invalid/etc/passwd",
        "https://exemple.invalid/static/exports/pdf.css",
        "http://169.254.169.254/latest/meta-data/",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "ftp://exemple.invalid/x",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 9


def test_small_data_images_are_allowed_and_big_ones_refused():
    fetcher = StaticOnlyFetcher()
    small = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 100).decode()
    assert fetcher.fetch(f"data:image/png;base64,{small}").read().startswith(b"\x89PNG")
    big = base64.b64encode(b"\0" * (300 * 1024)).decode()
    with pytest.raises(ValueError):
        fetcher.fetch(f"data:image/png;base64,{big}")


def test_the_base_template_renders_with_its_static_style():
    pdf = render_pdf("exports/pdf_base.html", {}, stamp_user=Author(), at=AT)
    assert STAMP in _pages(pdf)[0]
