"""The one place the hospital link reads the PPS and the assessments: the current validated
summary and the problems followed, when those apps provide their selectors."""

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


def current_problems(patient, limit: int = 12) -> list[str]:
    """The problems of the validated PPS when there is one, otherwise those identified in the
    patient's signed assessments (newest first, each once)."""
    from maillage.assessments.selectors import problems_for_pps
    from maillage.careplans import selectors as careplans

    pps = careplans.pps_for_patient(patient)
    version = careplans.current_version(pps) if pps is not None else None
    if version is not None:
        return list(
            version.problems.order_by("priority", "id").values_list("label", flat=True)[:limit]
        )
    labels: list[str] = []
    for problem in problems_for_pps(patient)[: limit * 3]:
        if problem.label and problem.label not in labels:
            labels.append(problem.label)
    return labels[:limit]
