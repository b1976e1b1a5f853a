"""Writes: assessments, their sections and problems, instrument results, the catalogue.

Every function is atomic and audited. A signed result is never changed (the database refuses
it too); `result_correct` writes a new signed result pointing at the one it corrects.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.assessments.instruments import AnswerError, get_instrument
from maillage.assessments.instruments.base import json_number
from maillage.assessments.models import (
    Assessment,
    AssessmentSection,
    Domain,
    IdentifiedProblem,
    InstrumentResult,
    Place,
    ProblemCatalogue,
    Severity,
    Status,
)
from maillage.audit import record

DEFAULT_CATALOGUE = [
    ("chutes", "Chutes", Domain.AUTONOMY),
    ("denutrition", "Dénutrition", Domain.NUTRITION),
    ("epuisement-aidant", "Épuisement de l'aidant", Domain.CARERS),
    ("douleur-non-controlee", "Douleur non contrôlée", Domain.PAIN),
    ("isolement", "Isolement", Domain.SOCIAL_RIGHTS),
    ("logement-inadapte", "Logement inadapté", Domain.HOUSING),
    ("droits-non-ouverts", "Droits non ouverts", Domain.SOCIAL_RIGHTS),
    ("troubles-cognitifs", "Troubles cognitifs", Domain.COGNITIVE),
    ("syndrome-depressif", "Syndrome dépressif", Domain.PSYCHOLOGICAL),
    ("observance", "Difficultés d'observance des traitements", Domain.MEDICAL),
    ("acces-soins", "Difficulté d'accès aux soins", Domain.ACCESS),
    ("ressources-insuffisantes", "Ressources insuffisantes", Domain.RESOURCES),
]


def catalogue_ensure_defaults(network) -> int:
    """Adds the default problems the network does not have yet (never re-adds an edited one)."""
    existing = set(ProblemCatalogue.objects.filter(network=network).values_list("code", flat=True))
    missing = [
        ProblemCatalogue(network=network, code=code, label=label, domain=domain)
        for code, label, domain in DEFAULT_CATALOGUE
        if code not in existing
    ]
    ProblemCatalogue.objects.bulk_create(missing)
    return len(missing)


@transaction.atomic
def catalogue_entry_add(*, actor, network, code: str, label: str, domain: str) -> ProblemCatalogue:
    if ProblemCatalogue.objects.filter(network=network, code=code).exists():
        raise ValidationError({"code": "Ce code est déjà utilisé dans le catalogue du réseau."})
    entry = ProblemCatalogue.objects.create(
        network=network, code=code, label=label.strip(), domain=domain
    )
    record(
        "assessments.catalogue.added",
        actor=actor,
        network=network,
        target=entry,
        details={"code": code},
    )
    return entry


@transaction.atomic
def catalogue_entry_toggle(*, actor, entry: ProblemCatalogue) -> ProblemCatalogue:
    entry.active = not entry.active
    entry.save(update_fields=["active", "updated_at"])
    record(
        "assessments.catalogue.changed",
        actor=actor,
        network=entry.network,
        target=entry,
        details={"code": entry.code, "active": entry.active},
    )
    return entry


@transaction.atomic
def assessment_create(
    *,
    actor,
    patient,
    assessed_on: datetime.date,
    place: str = Place.HOME,
    participants: str = "",
    request=None,
) -> Assessment:
    """A draft assessment with one empty section per domain."""
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "La date de l'évaluation ne peut pas être future."})
    assessment = Assessment.objects.create(
        network=patient.network,
        patient=patient,
        assessed_on=assessed_on,
        place=place,
        participants=participants,
        author=actor,
    )
    AssessmentSection.objects.bulk_create(
        AssessmentSection(assessment=assessment, domain=domain) for domain in Domain.values
    )
    catalogue_ensure_defaults(patient.network)
    record(
        "assessments.assessment.created",
        actor=actor,
        request=request,
        network=patient.network,
        target=assessment,
        patient=patient,
        details={"place": place},
    )
    return assessment


def _require_draft(assessment: Assessment) -> None:
    if assessment.is_signed:
        raise ValidationError("Cette évaluation est signée : elle ne peut plus être modifiée.")


AUTOSAVE_FIELDS = {"assessed_on", "place", "participants"}


@transaction.atomic
def assessment_autosave(*, actor, assessment: Assessment, changes: dict[str, str], request=None):
    """Saves the draft fields sent by the form (header fields and `section-<domain>`
    observations). All or nothing: one invalid field refuses the whole batch."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_draft(assessment)
    errors: dict[str, str] = {}
    header: dict[str, Any] = {}
    sections: dict[str, str] = {}
    for name, value in changes.items():
        if name == "assessed_on":
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                errors[name] = "Date de l'évaluation : saisissez une date valide (JJ/MM/AAAA)."
                continue
            if day > timezone.localdate():
                errors[name] = "Date de l'évaluation : elle ne peut pas être future."
                continue
            header[name] = day
        elif name == "place":
            if value not in Place.values:
                errors[name] = "Lieu : choisissez domicile, téléphone ou bureau."
                continue
            header[name] = value
        elif name == "participants":
            header[name] = value[:2000]
        elif name.startswith("section-") and name[8:] in Domain.values:
            sections[name[8:]] = value[:20000]
        else:
            errors[name] = f"Champ inconnu : « {name} »."
    if errors:
        raise ValidationError(errors)
    if header:
        for field, value in header.items():
            setattr(assessment, field, value)
        assessment.save(update_fields=[*header, "updated_at"])
    for domain, text in sections.items():
        AssessmentSection.objects.filter(assessment=assessment, domain=domain).update(
            observations=text, updated_at=timezone.now()
        )
    record(
        "assessments.assessment.saved",
        actor=actor,
        request=request,
        network=assessment.network,
        target=assessment,
        patient_uuid=assessment.patient.public_id,
        details={"fields": sorted(changes)},
    )
    return assessment


@transaction.atomic
def problem_add(
    *,
    actor,
    assessment: Assessment,
    domain: str,
    catalogue: ProblemCatalogue | None = None,
    free_text: str = "",
    severity: str = Severity.MODERATE,
    request=None,
) -> IdentifiedProblem:
    _require_draft(assessment)
    if catalogue is None and not free_text.strip():
        raise ValidationError(
            {"catalogue": "Problème : choisissez-le dans la liste ou décrivez-le en texte libre."}
        )
    if catalogue is not None and catalogue.network_id != assessment.network_id:
        raise ValidationError({"catalogue": "Ce problème n'est pas dans le catalogue du réseau."})
    problem = IdentifiedProblem.objects.create(
        assessment=assessment,
        domain=domain,
        catalogue=catalogue,
        free_text=free_text.strip(),
        severity=severity,
    )
    record(
        "assessments.problem.added",
        actor=actor,
        request=request,
        network=assessment.network,
        target=problem,
        patient_uuid=assessment.patient.public_id,
        details={"code": problem.code, "severity": severity, "domain": domain},
    )
    return problem


@transaction.atomic
def problem_remove(*, actor, problem: IdentifiedProblem, request=None) -> None:
    _require_draft(problem.assessment)
    record(
        "assessments.problem.removed",
        actor=actor,
        request=request,
        network=problem.assessment.network,
        target=problem,
        patient_uuid=problem.assessment.patient.public_id,
    )
    problem.delete()


def _computed(instrument, answers: Any) -> tuple[dict, bool, dict]:
    """(canonical answers, complete?, result fields) — partial answers are never scored."""
    try:
        canonical = instrument.canonical(answers, partial=True)
    except AnswerError as exc:
        raise ValidationError(exc.messages) from exc
    if not instrument.is_complete(canonical):
        return canonical, False, {"score": None, "category": "", "label": "", "details": {}}
    try:
        result = instrument.score(canonical)
    except AnswerError as exc:  # rules between items
        raise ValidationError(exc.messages) from exc
    data = result.as_dict()
    details = {k: v for k, v in data.items() if k not in ("instrument", "version", "score")}
    details.pop("category", None)
    details.pop("label", None)
    return (
        canonical,
        True,
        {
            "score": result.score,
            "category": result.category,
            "label": result.label,
            "details": details,
        },
    )


@transaction.atomic
def result_save_draft(
    *, actor, assessment: Assessment, instrument_code: str, answers: Any, request=None
) -> InstrumentResult:
    """Saves (or replaces) the assessment's draft result for an instrument: scored when
    complete, kept unscored when partial."""
    _require_draft(assessment)
    instrument = get_instrument(instrument_code)
    canonical, complete, fields = _computed(instrument, answers)
    result = (
        InstrumentResult.objects.select_for_update()
        .filter(assessment=assessment, instrument_code=instrument.code, status=Status.DRAFT)
        .first()
    )
    if result is None:
        result = InstrumentResult(
            network=assessment.network,
            patient=assessment.patient,
            assessment=assessment,
            instrument_code=instrument.code,
            author=actor,
        )
    result.instrument_version = instrument.version
    result.answers = canonical
    result.is_complete = complete
    for key, value in fields.items():
        setattr(result, key, value)
    result.save()
    record(
        "assessments.result.saved",
        actor=actor,
        request=request,
        network=assessment.network,
        target=result,
        patient_uuid=assessment.patient.public_id,
        details={"instrument": instrument.code, "complete": complete},
    )
    return result


def _sign_result(result: InstrumentResult, *, actor, now, request=None) -> None:
    result.status = Status.SIGNED
    result.signed_at = now
    result.signed_by = actor
    result.save(update_fields=["status", "signed_at", "signed_by", "updated_at"])
    record(
        "assessments.result.signed",
        actor=actor,
        request=request,
        network=result.network,
        target=result,
        patient_uuid=result.patient.public_id,
        details={
            "instrument": result.instrument_code,
            "version": result.instrument_version,
            "score": json_number(result.score),
            "category": result.category,
            "corrects": str(result.corrects.public_id) if result.corrects_id else None,
        },
    )


@transaction.atomic
def assessment_sign(*, actor, assessment: Assessment, request=None) -> Assessment:
    """Signs the assessment and its results (each must be complete), then writes the journal
    entry of the visit."""
    from maillage.patients.models import JournalKind
    from maillage.patients.services import journal_entry_add

    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_draft(assessment)
    results = list(assessment.results.filter(status=Status.DRAFT).order_by("id"))
    partial = [r for r in results if not r.is_complete]
    if partial:
        names = ", ".join(get_instrument(r.instrument_code).title for r in partial)
        raise ValidationError(
            f"Instruments incomplets : {names}. Complétez-les ou retirez-les avant de signer."
        )
    now = timezone.now()
    for result in results:
        _sign_result(result, actor=actor, now=now, request=request)
    assessment.status = Status.SIGNED
    assessment.signed_at = now
    assessment.signed_by = actor
    assessment.save(update_fields=["status", "signed_at", "signed_by", "updated_at"])
    record(
        "assessments.assessment.signed",
        actor=actor,
        request=request,
        network=assessment.network,
        target=assessment,
        patient_uuid=assessment.patient.public_id,
        details={"results": len(results), "problems": assessment.problems.count()},
    )
    # The journal is read by the whole care team (social roles included): it names what was
    # done; the results themselves stay in the Évaluations tab, read with the medical category.
    lines = []
    if results:
        names = ", ".join(get_instrument(r.instrument_code).title for r in results)
        lines.append(f"Instruments signés : {names}.")
    problems = assessment.problems.count()
    if problems:
        lines.append(f"{problems} problème(s) identifié(s) pour le PPS.")
    lines.append("Résultats détaillés dans l'onglet « Évaluations » du dossier.")
    journal_entry_add(
        actor=actor,
        patient=assessment.patient,
        kind={
            Place.HOME: JournalKind.VISIT,
            Place.OFFICE: JournalKind.OFFICE_VISIT,
            Place.PHONE: JournalKind.CALL,
        }.get(assessment.place, JournalKind.NOTE),
        title=f"Évaluation multidimensionnelle signée ({assessment.get_place_display()})",
        body="\n".join(lines),
        participants=assessment.participants,
        source="assessments.assessment",
        source_uuid=assessment.public_id,
        request=request,
    )
    return assessment


@transaction.atomic
def result_correct(
    *, actor, original: InstrumentResult, answers: Any, reason: str, request=None
) -> InstrumentResult:
    """A correction of a signed result: a new signed result linked to the original, which
    stays as it was (the database refuses any change to it). The reason is required."""
    original = InstrumentResult.objects.select_for_update().get(pk=original.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Motif de la correction : indiquez pourquoi ce résultat est corrigé."}
        )
    if len(reason) > 2000:
        raise ValidationError({"reason": "Motif de la correction : 2 000 caractères au plus."})
    if not original.is_signed:
        raise ValidationError("Seul un résultat signé se corrige ; modifiez le brouillon.")
    if InstrumentResult.objects.filter(corrects=original).exists():
        raise ValidationError("Ce résultat a déjà été corrigé : corrigez la dernière version.")
    instrument = get_instrument(original.instrument_code)
    canonical, complete, fields = _computed(instrument, answers)
    if not complete:
        raise ValidationError(
            f"{instrument.title} : une correction doit être complète pour être signée "
            "(répondez à chaque item)."
        )
    result = InstrumentResult.objects.create(
        network=original.network,
        patient=original.patient,
        assessment=original.assessment,
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        answers=canonical,
        is_complete=True,
        author=actor,
        corrects=original,
        correction_reason=reason,
        **fields,
    )
    _sign_result(result, actor=actor, now=timezone.now(), request=request)
    record(
        "assessments.result.corrected",
        actor=actor,
        request=request,
        network=original.network,
        target=result,
        patient_uuid=original.patient.public_id,
        details={
            "instrument": instrument.code,
            "corrects": str(original.public_id),
            "score_before": json_number(original.score),
            "score_after": json_number(result.score),
            "category_before": original.category,
            "category_after": result.category,
        },
    )
    return result
