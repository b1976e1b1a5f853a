"""Checking the hash chain of the audit trail (`manage.py audit_verify`, restore checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS

from maillage.audit.models import GENESIS_HASH, AuditEvent, compute_event_hash

CONTENT_CHANGED = "son contenu ne correspond plus à son empreinte (évènement modifié)"
LINK_BROKEN = (
    "son lien vers l'évènement précédent ne correspond pas "
    "(évènement précédent supprimé, inséré ou modifié)"
)


@dataclass
class ChainReport:
    checked: int = 0
    broken_event: AuditEvent | None = None
    reason: str = ""
    # The oldest event does not start from the genesis hash: older events were purged by the
    # retention job (its own database role); the chain is checked from there.
    starts_after_purge: bool = False

    @property
    def ok(self) -> bool:
        return self.broken_event is None


def verify_chain(*, using: str = DEFAULT_DB_ALIAS, chunk_size: int = 2000) -> ChainReport:
    """Walks every event in insertion order; stops at the first one that breaks the chain."""
    report = ChainReport()
    previous_hash: str | None = None
    events = AuditEvent.objects.using(using).order_by("id")
    for event in events.iterator(chunk_size=chunk_size):
        if previous_hash is None:
            report.starts_after_purge = event.prev_hash != GENESIS_HASH
        elif event.prev_hash != previous_hash:
            report.broken_event, report.reason = event, LINK_BROKEN
            return report
        if compute_event_hash(event) != event.hash:
            report.broken_event, report.reason = event, CONTENT_CHANGED
            return report
        previous_hash = event.hash
        report.checked += 1
    return report
