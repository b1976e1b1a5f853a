"""Is a patient eligible under a rule version? Every refusal is explained in French.

Pure functions over an `Evidence` snapshot, so the boundaries (age, months after treatment,
prescription) are tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from maillage.supportcare.dates import add_months, fr
from maillage.supportcare.models.choices import (
    PrescriberRole,
    TreatmentCondition,
    TreatmentPhase,
)


@dataclass(frozen=True)
class Evidence:
    """What the referral records to justify eligibility, as of `on` (the referral's date)."""

    on: date
    thematic_code: str | None = None
    thematic_label: str = ""
    treatment_phase: str = TreatmentPhase.NOT_APPLICABLE
    treatment_ended_on: date | None = None
    age: int | None = None
    commune_covered: bool | None = None
    has_ald: bool = False
    prescribed_on: date | None = None
    prescriber_role: str = ""
    has_prescriber: bool = False


def _treatment_refusals(rule, ev: Evidence) -> list[str]:
    condition = rule.treatment_condition
    if condition == TreatmentCondition.ANY:
        return []
    in_ok = condition in (TreatmentCondition.IN_TREATMENT, TreatmentCondition.IN_OR_AFTER)
    after_ok = condition in (TreatmentCondition.AFTER_TREATMENT, TreatmentCondition.IN_OR_AFTER)
    if ev.treatment_phase == TreatmentPhase.IN_TREATMENT:
        if in_ok:
            return []
        return [
            "Cette ligne ne finance que l'après-traitement : le patient est encore en cours "
            "de traitement."
        ]
    if ev.treatment_phase == TreatmentPhase.AFTER_TREATMENT:
        if not after_ok:
            return [
                "Cette ligne ne finance que les patients en cours de traitement : le "
                "traitement du patient est terminé."
            ]
        if ev.treatment_ended_on is None:
            return ["Date de fin de traitement : indiquez-la, elle conditionne l'éligibilité."]
        if ev.treatment_ended_on > ev.on:
            return [
                "Date de fin de traitement : elle est postérieure à la date de l'orientation ; "
                "choisissez « En cours de traitement » ou corrigez la date."
            ]
        if rule.after_treatment_months is not None:
            limit = add_months(ev.treatment_ended_on, rule.after_treatment_months)
            reference = ev.prescribed_on or ev.on
            if reference > limit:
                what = "La prescription" if ev.prescribed_on else "L'orientation"
                return [
                    f"{what} du {fr(reference)} dépasse le délai de "
                    f"{rule.after_treatment_months} mois après la fin du traitement "
                    f"({fr(ev.treatment_ended_on)}) : elle devait intervenir au plus tard le "
                    f"{fr(limit)}."
                ]
        return []
    return [
        "Phase de traitement : cette ligne exige un patient "
        f"« {TreatmentCondition(condition).label.lower()} » ; indiquez la phase."
    ]


def eligibility_refusals(rule, ev: Evidence) -> list[str]:
    """Every reason why `ev` does not meet `rule` (empty list: eligible)."""
    refusals: list[str] = []
    if not rule.covers(ev.on):
        refusals.append(
            f"Aucune règle de cette ligne n'est en vigueur le {fr(ev.on)} (version "
            f"{rule.number} valable du {fr(rule.valid_from)}"
            + (f" au {fr(rule.valid_to)}" if rule.valid_to else "")
            + ")."
        )
    if rule.thematic_id and ev.thematic_code != rule.thematic.code:
        refusals.append(
            f"Thématique : cette ligne finance la thématique « {rule.thematic.label} »"
            + (f", pas « {ev.thematic_label} »." if ev.thematic_label else " ; indiquez-la.")
        )
    refusals += _treatment_refusals(rule, ev)
    if rule.min_age is not None or rule.max_age is not None:
        if ev.age is None:
            refusals.append(
                "Âge : la date de naissance du patient est nécessaire pour cette ligne."
            )
        elif rule.min_age is not None and ev.age < rule.min_age:
            refusals.append(f"Âge : {ev.age} ans, cette ligne exige au moins {rule.min_age} ans.")
        elif rule.max_age is not None and ev.age > rule.max_age:
            refusals.append(f"Âge : {ev.age} ans, cette ligne s'arrête à {rule.max_age} ans.")
    if rule.requires_coverage and ev.commune_covered is not True:
        refusals.append(
            "Commune : le patient ne réside pas dans une commune du territoire du réseau"
            + (" (commune inconnue)." if ev.commune_covered is None else ".")
        )
    if rule.requires_ald and not ev.has_ald:
        refusals.append(
            "Affection de longue durée : cette ligne exige une prise en charge en ALD "
            "(exonération du ticket modérateur)."
        )
    if rule.requires_prescription:
        if ev.prescribed_on is None or not ev.has_prescriber:
            refusals.append(
                "Prescription : cette ligne exige une prescription médicale ; indiquez le "
                "prescripteur et la date de prescription."
            )
        elif ev.prescribed_on > ev.on:
            refusals.append("Date de prescription : elle ne peut pas être dans le futur.")
    if rule.prescriber_roles and ev.prescriber_role not in rule.prescriber_roles:
        allowed = ", ".join(PrescriberRole(r).label.lower() for r in rule.prescriber_roles)
        refusals.append(f"Prescripteur : cette ligne n'admet que : {allowed}.")
    return refusals
