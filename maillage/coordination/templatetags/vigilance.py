"""The patient's vigilance notes, pinned in the record's header on every tab."""

from django import template

from maillage.coordination import selectors

register = template.Library()


@register.inclusion_tag("coordination/_vigilance_banner.html", takes_context=True)
def vigilance_banner(context) -> dict:
    """One query, only for readers of the journal (the notes are part of the follow-up). A view
    that already holds the notes passes them as `vigilance_notes`."""
    access, patient = context.get("access"), context.get("patient")
    if access is None or patient is None or not access.can_read_journal:
        return {"notes": []}
    notes = context.get("vigilance_notes")
    if notes is None:
        notes = selectors.vigilance_notes(patient)
    return {"notes": notes}
