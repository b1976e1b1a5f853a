"""The dashboard panels' content, fetched by htmx once the dashboard is shown."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.access.decorators import authenticated_view
from maillage.coordination import panels

TEMPLATES = {
    "coordination": "coordination/panels/coordinator.html",
    "direction": "coordination/panels/director.html",
    "accueil": "coordination/panels/reception.html",
    "notifications": "coordination/panels/inbox.html",
}


@authenticated_view
@require_GET
def panel(request, kind):
    builder = panels.CONTEXTS.get(kind)
    context = builder(request) if builder else None
    if context is None:
        raise Http404
    return render(request, TEMPLATES[kind], {"panel": context})
