"""Writes of the reporting app: the CPOM targets (the only figures entered by hand)."""

from django.db import transaction

from maillage.audit import record
from maillage.reporting.models import CpomTarget


@transaction.atomic
def targets_save(*, actor, network, year: int, targets: dict, request=None) -> int:
    """Sets the targets of `year` ({key: Decimal or None}); None removes one. Returns how many
    changed."""
    existing = {
        t.indicator_key: t
        for t in CpomTarget.objects.select_for_update().filter(network=network, year=year)
    }
    changed = {}
    for key, value in targets.items():
        current = existing.get(key)
        if value is None:
            if current is not None:
                current.delete()
                changed[key] = None
        elif current is None:
            CpomTarget.objects.create(
                network=network, indicator_key=key, year=year, target=value, updated_by=actor
            )
            changed[key] = str(value)
        elif current.target != value:
            current.target = value
            current.updated_by = actor
            current.save(update_fields=["target", "updated_by", "updated_at"])
            changed[key] = str(value)
    if changed:
        record(
            "reporting.cpom_target.updated",
            actor=actor,
            request=request,
            network=network,
            details={"year": year, "targets": changed},
        )
    return len(changed)
