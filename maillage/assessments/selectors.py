"""Reads of assessments, results, problems and the data of the history charts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from maillage.assessments.models import (
    Assessment,
    IdentifiedProblem,
    InstrumentResult,
    ProblemCatalogue,
    Status,
)


def assessments_of(patient) -> QuerySet[Assessment]:
    return Assessment.objects.filter(patient=patient).select_related("author", "signed_by")


def sections_of(assessment: Assessment):
    return assessment.sections.all()


def results_of(assessment: Assessment) -> QuerySet[InstrumentResult]:
    return assessment.results.filter(corrected_by__isnull=True).order_by("id")


def problems_of(assessment: Assessment) -> QuerySet[IdentifiedProblem]:
    return assessment.problems.select_related("catalogue")


def catalogue_of(network, *, active_only: bool = True) -> QuerySet[ProblemCatalogue]:
    rows = ProblemCatalogue.objects.filter(network=network)
    return rows.filter(active=True) if active_only else rows


def signed_results_of(patient) -> QuerySet[InstrumentResult]:
    """Signed results still in force (a corrected result gives way to its correction)."""
    return (
        InstrumentResult.objects.filter(
            patient=patient, status=Status.SIGNED, corrected_by__isnull=True
        )
        .select_related("assessment")
        .order_by("instrument_code", "signed_at", "id")
    )


def problems_for_pps(patient) -> QuerySet[IdentifiedProblem]:
    """The problems identified in the patient's signed assessments, newest assessment first:
    what the PPS turns into its plan (`code` is the catalogue code, empty for free text)."""
    return (
        IdentifiedProblem.objects.filter(
            assessment__patient=patient, assessment__status=Status.SIGNED
        )
        .select_related("catalogue", "assessment")
        .order_by("-assessment__assessed_on", "-assessment_id", "id")
    )


@dataclass
class History:
    """One instrument's signed results over time, for the table and the chart."""

    code: str
    title: str
    latest: InstrumentResult
    results: list[InstrumentResult]


def histories(patient) -> list[History]:
    from maillage.assessments.instruments import INSTRUMENTS

    grouped: dict[str, list[InstrumentResult]] = {}
    for result in signed_results_of(patient):
        grouped.setdefault(result.instrument_code, []).append(result)
    found = []
    for code in INSTRUMENTS:
        if code in grouped:
            rows = grouped[code]
            found.append(History(code, INSTRUMENTS[code].title, rows[-1], rows))
    return found
