"""Identity merges of patient records: what happens to support-care rows (registered from
SupportcareConfig.ready with the patients app's merge registry)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def _entitlements_merge(kept, absorbed, ctx) -> dict:
    """One open entitlement per funding line: two open ones cannot be summed silently (the
    quota would be counted twice), a person must close one first."""
    from maillage.patients.merging import move_rows
    from maillage.supportcare.models import Entitlement

    open_kept = set(
        Entitlement.objects.filter(patient=kept, is_closed=False).values_list(
            "funding_line_id", flat=True
        )
    )
    clash = (
        Entitlement.objects.filter(patient=absorbed, is_closed=False, funding_line_id__in=open_kept)
        .select_related("funding_line")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            "Soins de support : les deux dossiers ont chacun un droit ouvert sur "
            f"« {clash.funding_line.name} » ; arrêtez les orientations de l'un des deux avant "
            "la fusion."
        )
    return {"moved": move_rows("supportcare.entitlement", "patient", absorbed, kept)}


def _entitlements_undo(kept, absorbed, payload, ctx) -> None:
    from maillage.patients.merging import move_rows

    move_rows("supportcare.entitlement", "patient", kept, absorbed, pks=payload["moved"])


def register() -> None:
    from maillage.patients.merging import MOVE, MergeHandler, register_merge_handler

    register_merge_handler("supportcare.supportcarereferral", "patient", MOVE)
    register_merge_handler(
        "supportcare.entitlement", "patient", MergeHandler(_entitlements_merge, _entitlements_undo)
    )
