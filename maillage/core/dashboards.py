"""Per-role dashboard panels. Apps register panel providers: callables (request) -> dict | None.

A provider returns {"title": ..., "template": ..., **context} or None when it has nothing for this
user. Each provider must keep its query count bounded (asserted in the apps' tests).
"""

from collections.abc import Callable

PANEL_PROVIDERS: list[Callable] = []


def register_panel(provider: Callable) -> Callable:
    PANEL_PROVIDERS.append(provider)
    return provider


def dashboard_context(request) -> dict:
    panels = [panel for provider in PANEL_PROVIDERS if (panel := provider(request))]
    role = request.membership.role if getattr(request, "membership", None) else "external"
    return {"panels": panels, "dashboard_role": role}
