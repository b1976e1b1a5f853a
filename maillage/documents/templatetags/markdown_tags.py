from django import template

from maillage.documents.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Markdown → HTML cleaned by nh3 on the allow-list (see documents.markdown)."""
    return render_markdown(text)
