"""The quality hint of a curated resource: what a coordinator should complete before relying
on it (after data·inclusion's completeness checks). Read from prefetched `area` when present."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from maillage.directory.models import Resource, ResourceStatus

STALE_AFTER_DAYS = 365


def resource_quality_hints(resource: Resource, *, today: date | None = None) -> list[str]:
    """French hints, most important first; empty when the resource is complete. A closed
    resource needs nothing more."""
    if resource.status == ResourceStatus.CLOSED:
        return []
    today = today or timezone.localdate()
    hints = []
    if not (
        resource.how_to_refer
        or resource.referral_phone
        or resource.referral_email
        or resource.referral_url
    ):
        hints.append("Comment orienter : aucun téléphone, courriel, formulaire ni mode d'emploi.")
    if not resource.thematics.all():
        hints.append("Aucune thématique : le service n'apparaît pas dans les filtres.")
    if not resource.audience:
        hints.append("Public concerné non renseigné.")
    if not resource.opening_hours:
        hints.append("Horaires non renseignés.")
    if not resource.area.all() and not (
        resource.organisation_id and resource.organisation.commune_id
    ):
        hints.append("Aucune commune desservie.")
    if resource.checked_on is None:
        hints.append("Jamais vérifiée.")
    elif (today - resource.checked_on).days > STALE_AFTER_DAYS:
        hints.append("Dernière vérification il y a plus d'un an.")
    return hints
