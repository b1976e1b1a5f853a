"""Dashboard panels of the accounts app."""

from maillage.accounts.models import Role
from maillage.core.dashboards import register_panel


@register_panel
def role_review_panel(request) -> dict | None:
    """The director sees whether this quarter's role review is confirmed (one query)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.DIRECTOR:
        return None
    from maillage.accounts import selectors
    from maillage.accounts.services import quarter_of

    year, quarter = quarter_of()
    return {
        "title": "Revue trimestrielle des rôles",
        "template": "accounts/panels/role_review.html",
        "review": selectors.role_review_get(request.network, year, quarter),
    }
