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


def latest_gir(patient) -> int | None:
    """The GIR of the patient's latest signed AGGIR still in force (for the PPS header)."""
    result = (
        signed_results_of(patient)
        .filter(instrument_code__iexact="aggir")
        .order_by("-signed_at", "-id")
        .first()
    )
    return result.details.get("gir") if result is not None else None


def all_signed_results_of(patient) -> QuerySet[InstrumentResult]:
    """Every signed result, corrected ones included (the history shows both)."""
    return (
        InstrumentResult.objects.filter(patient=patient, status=Status.SIGNED)
        .select_related("assessment", "signed_by")
        .order_by("instrument_code", "signed_at", "id")
    )


@dataclass
class History:
    """One instrument's signed results over time: `results` are those in force (the chart and
    the latest value), `rows` every signed result with corrected ones kept (the table)."""

    code: str
    title: str
    latest: InstrumentResult
    results: list[InstrumentResult]
    rows: list[InstrumentResult]


def histories(patient) -> list[History]:
    """One query for every instrument: a result is in force unless another corrects it."""
    from maillage.assessments.instruments import INSTRUMENTS

    grouped: dict[str, list[InstrumentResult]] = {}
    signed = list(all_signed_results_of(patient))
    by_id = {result.pk: result for result in signed}
    corrected_ids = {result.corrects_id for result in signed if result.corrects_id}
    for result in signed:
        result.is_corrected = result.pk in corrected_ids
        result.correction = None
        result.original = by_id.get(result.corrects_id) if result.corrects_id else None
        grouped.setdefault(result.instrument_code, []).append(result)
    for result in signed:
        if result.original is not None:
            result.original.correction = result
    found = []
    for code in INSTRUMENTS:
        if code in grouped:
            rows = grouped[code]
            in_force = [r for r in rows if not r.is_corrected]
            if not in_force:  # pragma: no cover - a correction is itself in force
                continue
            found.append(History(code, INSTRUMENTS[code].title, in_force[-1], in_force, rows))
    return found


def result_chain(result: InstrumentResult) -> list[InstrumentResult]:
    """The result's versions, oldest first: the originals it corrects, itself, and the
    corrections made after it (each version is a signed, unchanged row). One query."""
    rows = {
        row.pk: row
        for row in InstrumentResult.objects.filter(
            patient_id=result.patient_id,
            instrument_code=result.instrument_code,
            status=Status.SIGNED,
        ).select_related("signed_by")
    }
    rows[result.pk] = rows.get(result.pk, result)
    following = {row.corrects_id: row for row in rows.values() if row.corrects_id}
    chain = [rows[result.pk]]
    while chain[0].corrects_id in rows:
        chain.insert(0, rows[chain[0].corrects_id])
    while chain[-1].pk in following:
        chain.append(following[chain[-1].pk])
    return chain
