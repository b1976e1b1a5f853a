"""Markdown written in the app, turned into HTML that is safe to show on any page.

Markdown lets authors type raw HTML, so its output is never trusted: nh3 (ammonia) keeps only
the tags and attributes of the allow-list below, drops `<script>`/`<style>` with their content,
and keeps links only with http(s), mailto or tel schemes (a `javascript:` link loses its href).
Headings are renumbered from <h2>: the page title is the only <h1>.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_HEADING = re.compile(r"<h([1-6])\b")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def _shift_headings(html: str) -> str:
    """Renumbers headings from <h2> without gaps: the page title is the only <h1>, and a page
    starting at "##" or skipping a level still reads h2 → h3 → h4."""
    levels = sorted({int(level) for level in _HEADING.findall(html)})
    mapping = {level: str(min(6, index + 2)) for index, level in enumerate(levels)}
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{mapping[int(m.group(2))]}", html)


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """Markdown → HTML cleaned on the allow-list; safe to insert with no further escaping."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return mark_safe(clean_html(_shift_headings(html)))  # noqa: S308 - cleaned by nh3 above
