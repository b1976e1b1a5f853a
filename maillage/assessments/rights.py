"""The assessments' part of the person's full export (RGPD art. 15, CSP L.1111-7).

Registered in `AssessmentsConfig.ready()` with `patients.rights.register_export_section`: every
assessment (drafts included, with the observations of each domain and the problems found) and
every instrument result (corrected originals included, next to their correction and its
reason). Rows are plain dicts with French keys, like the patient record's own sections.
"""

from __future__ import annotations

import json

from django.db.models import Prefetch
from django.utils import timezone

from maillage.assessments.instruments import INSTRUMENTS
from maillage.assessments.models import Assessment, IdentifiedProblem, InstrumentResult

# French labels of our audit actions, for the "Accès au dossier" section of the export.
ACTION_LABELS = {
    "assessments.assessment.created": "Création d'une évaluation multidimensionnelle",
    "assessments.assessment.saved": "Enregistrement d'un brouillon d'évaluation",
    "assessments.assessment.signed": "Signature d'une évaluation multidimensionnelle",
    "assessments.result.saved": "Saisie d'un instrument d'évaluation",
    "assessments.result.signed": "Signature d'un résultat d'instrument",
    "assessments.result.corrected": "Correction d'un résultat signé",
    "assessments.problem.added": "Ajout d'un problème identifié",
    "assessments.problem.removed": "Retrait d'un problème identifié",
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _datetime(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _title(code: str) -> str:
    instrument = INSTRUMENTS.get(code)
    return instrument.title if instrument is not None else code


def assessment_rows(patient) -> list[dict]:
    """One row per assessment: header, observations per domain, problems found."""
    assessments = (
        Assessment.objects.filter(patient=patient)
        .select_related("author", "signed_by")
        .prefetch_related(
            "sections",
            Prefetch(
                "problems",
                queryset=IdentifiedProblem.objects.select_related("catalogue").order_by("id"),
            ),
        )
        .order_by("assessed_on", "id")
    )
    rows = []
    for assessment in assessments:
        observations = "\n".join(
            f"{section.get_domain_display()} : {section.observations}"
            for section in assessment.sections.all()
            if section.observations.strip()
        )
        problems = "\n".join(
            f"{problem.label} ({problem.get_domain_display()}, sévérité "
            f"{problem.get_severity_display().lower()})"
            for problem in assessment.problems.all()
        )
        rows.append(
            {
                "Date de l'évaluation": _date(assessment.assessed_on),
                "Lieu": assessment.get_place_display(),
                "Participants": assessment.participants,
                "Statut": assessment.get_status_display(),
                "Auteur": assessment.author.full_name,
                "Signée par": assessment.signed_by.full_name if assessment.signed_by_id else "",
                "Signée le": _datetime(assessment.signed_at),
                "Observations": observations,
                "Problèmes identifiés": problems,
            }
        )
    return rows


def result_rows(patient) -> list[dict]:
    """One row per instrument result, the corrected ones kept with their correction."""
    results = list(
        InstrumentResult.objects.filter(patient=patient)
        .select_related("assessment", "signed_by", "corrects")
        .order_by("created_at", "id")
    )
    corrected_by = {r.corrects_id: r for r in results if r.corrects_id}
    rows = []
    for result in results:
        correction = corrected_by.get(result.pk)
        rows.append(
            {
                "Instrument": _title(result.instrument_code),
                "Version": result.instrument_version,
                "Évaluation du": _date(result.assessment.assessed_on)
                if result.assessment_id
                else "",
                "Statut": result.get_status_display(),
                "Score": "" if result.score is None else f"{result.score.normalize():f}",
                "Résultat": result.label if result.is_complete else "Incomplet, non calculé",
                "Réponses": json.dumps(result.answers, ensure_ascii=False, sort_keys=True),
                "Signé par": result.signed_by.full_name if result.signed_by_id else "",
                "Signé le": _datetime(result.signed_at),
                "Corrige le résultat signé le": _datetime(result.corrects.signed_at)
                if result.corrects_id
                else "",
                "Motif de la correction": result.correction_reason,
                "Remplacé par la correction du": _datetime(correction.signed_at)
                if correction is not None
                else "",
            }
        )
    return rows


def register() -> None:
    from maillage.patients import rights

    rights.register_export_section(
        "evaluations", "Évaluations multidimensionnelles", assessment_rows
    )
    rights.register_export_section(
        "resultats_instruments", "Résultats des instruments", result_rows
    )
    # The export's access log names our actions in French (the record's own labels are kept).
    for action, label in ACTION_LABELS.items():
        rights.ACTION_LABELS.setdefault(action, label)
