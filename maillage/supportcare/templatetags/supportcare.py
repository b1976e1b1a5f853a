"""Template helpers: exact euros, kind labels."""

from django import template

from maillage.supportcare import quota
from maillage.supportcare.models import ActKind, SupportKind

register = template.Library()


@register.filter
def euros(value) -> str:
    return quota.euros(value) if value not in (None, "") else "—"


@register.filter
def kind_label(value: str) -> str:
    try:
        return SupportKind(value).label
    except ValueError:
        return value


@register.filter
def act_label(value: str) -> str:
    try:
        return ActKind(value).label
    except ValueError:
        return value or "Toute séance"
