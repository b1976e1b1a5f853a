"""The one place the hospital link reads the PPS: the current validated summary, when the
careplans app provides its selector; otherwise None (the sheet says "pas de PPS validé")."""

from __future__ import annotations


def pps_summary(patient):
    try:
        from maillage.careplans import selectors  # type: ignore[attr-defined]
    except ImportError:
        return None
    getter = getattr(selectors, "current_validated_pps_summary", None)
    if getter is None:
        return None
    return getter(patient)
