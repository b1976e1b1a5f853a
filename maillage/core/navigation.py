"""Navigation by role. Apps add their entries to NAV_ITEMS (label, url name, roles or None)."""

import uuid

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# (label, url name, staff roles allowed — None: every staff role; "external": external users)
NAV_ITEMS: list[tuple[str, str, tuple[str, ...] | str | None]] = [
    ("Tableau de bord", "core:dashboard", None),
    ("Demandes", "intake:queue", ("reception", "coordinator", "medical_lead", "director")),
    ("Patients", "patients:list", ("reception", "coordinator", "medical_lead", "director")),
    ("Mes patients", "patients:my_patients", "external"),
    ("Mes tâches", "coordination:my_tasks", ("coordinator", "medical_lead", "director")),
    ("Agenda", "coordination:agenda", ("coordinator", "medical_lead")),
    ("Messages", "coordination:inbox", None),
    ("Annuaire", "directory:search", None),
    ("Annuaire", "directory:search", "external"),
    ("Territoire", "networks:coverage", ("network_admin", "director", "coordinator")),
    ("Soins de support", "supportcare:home", ("coordinator", "medical_lead", "director")),
    ("Mes séances", "supportcare:provider_home", "external"),
    ("Formations", "training:event_list", ("coordinator", "director", "network_admin")),
    ("Documents", "documents:library", None),
    ("Activité", "reporting:dashboard", ("director", "medical_lead")),
    ("Journal d'audit", "audit:search", ("director",)),
    ("Équipe", "accounts:member_list", ("network_admin",)),
    ("Problèmes (évaluations)", "assessments:catalogue", ("network_admin",)),
    ("Archives", "retention:archives", ("director",)),
]


_PLACEHOLDER = str(uuid.UUID(int=0))
_URLS: dict[tuple, str] = {}


def url_of(url_name: str, public_id=None) -> str:
    """reverse(url_name) or reverse(url_name, args=[public_id]) for the URLs every page links
    to (navigation, a record's tabs): resolved once per URLconf and script prefix, the public
    id put in place of a placeholder afterwards."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), url_name, public_id is None)
    url = _URLS.get(key)
    if url is None:
        url = _URLS[key] = reverse(url_name, args=None if public_id is None else [_PLACEHOLDER])
    return url if public_id is None else url.replace(_PLACEHOLDER, str(public_id))


def navigation_for(request) -> list[dict]:
    membership = getattr(request, "membership", None)
    user = request.user
    items = []
    for label, url_name, roles in NAV_ITEMS:
        if roles == "external":
            allowed = user.is_external
        elif membership is None:
            allowed = roles is None and user.is_external and url_name == "core:dashboard"
        else:
            allowed = roles is None or membership.role in roles
        if not allowed:
            continue
        try:
            url = url_of(url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": label, "url": url, "active": request.path.startswith(url) and url != "/"}
        )
    return items
