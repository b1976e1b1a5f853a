"""Eligibility at its boundaries, on unsaved rule versions (no database needed)."""

from datetime import date
from decimal import Decimal

from maillage.networks.models import Thematic
from maillage.supportcare.dates import add_months, age_on
from maillage.supportcare.eligibility import Evidence, eligibility_refusals
from maillage.supportcare.models import (
    PrescriberRole,
    RuleVersion,
    TreatmentCondition,
    TreatmentPhase,
)

CANCER = Thematic(pk=1, code="cancerologie", label="Cancérologie")


def cancer_rule(**overrides) -> RuleVersion:
    fields = {
        "number": 1,
        "valid_from": date(2026, 1, 1),
        "thematic": CANCER,
        "treatment_condition": TreatmentCondition.AFTER_TREATMENT,
        "after_treatment_months": 12,
        "requires_coverage": True,
        "requires_prescription": True,
        "requires_ald": True,
        "prescriber_roles": [
            PrescriberRole.ONCOLOGIST,
            PrescriberRole.PAEDIATRICIAN,
            PrescriberRole.GP,
        ],
        "amount_cap": Decimal("180.00"),
        "entitlement_months": 12,
    }
    fields.update(overrides)
    rule = RuleVersion(**fields)
    return rule


def evidence(**overrides) -> Evidence:
    fields = {
        "on": date(2026, 6, 1),
        "thematic_code": "cancerologie",
        "thematic_label": "Cancérologie",
        "treatment_phase": TreatmentPhase.AFTER_TREATMENT,
        "treatment_ended_on": date(2026, 3, 10),
        "age": 54,
        "commune_covered": True,
        "has_ald": True,
        "prescribed_on": date(2026, 5, 20),
        "prescriber_role": PrescriberRole.GP,
        "has_prescriber": True,
    }
    fields.update(overrides)
    return Evidence(**fields)


def test_it_accepts_a_complete_cancer_pathway_referral():
    assert eligibility_refusals(cancer_rule(), evidence()) == []


def test_a_prescription_twelve_months_after_the_end_of_treatment_is_still_allowed():
    ev = evidence(
        on=date(2027, 3, 10), treatment_ended_on=date(2026, 3, 10), prescribed_on=date(2027, 3, 10)
    )
    assert eligibility_refusals(cancer_rule(), ev) == []


def test_it_refuses_a_prescription_one_day_past_twelve_months_and_says_the_last_date():
    ev = evidence(
        on=date(2027, 3, 11), treatment_ended_on=date(2026, 3, 10), prescribed_on=date(2027, 3, 11)
    )
    [refusal] = eligibility_refusals(cancer_rule(), ev)
    assert "12 mois" in refusal
    assert "au plus tard le 10/03/2027" in refusal


def test_month_arithmetic_clamps_to_the_end_of_the_month():
    assert add_months(date(2025, 2, 28), 12) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert age_on(date(2000, 6, 2), date(2026, 6, 1)) == 25
    assert age_on(date(2000, 6, 1), date(2026, 6, 1)) == 26


def test_it_explains_every_missing_condition_in_french():
    ev = evidence(
        thematic_code="gerontologie",
        thematic_label="Gérontologie",
        commune_covered=False,
        has_ald=False,
        prescribed_on=None,
        has_prescriber=False,
        prescriber_role="",
    )
    refusals = eligibility_refusals(cancer_rule(), ev)
    text = " ".join(refusals)
    assert "Thématique" in text and "Gérontologie" in text
    assert "Commune" in text
    assert "ALD" in text
    assert "Prescription" in text
    assert "Prescripteur" in text


def test_it_refuses_a_patient_still_in_treatment_for_an_after_treatment_line():
    ev = evidence(treatment_phase=TreatmentPhase.IN_TREATMENT, treatment_ended_on=None)
    [refusal] = eligibility_refusals(cancer_rule(), ev)
    assert "encore en cours de traitement" in refusal


def test_it_refuses_an_end_of_treatment_after_the_referral():
    ev = evidence(treatment_ended_on=date(2026, 7, 1))
    assert any("postérieure" in r for r in eligibility_refusals(cancer_rule(), ev))


def test_age_limits_are_inclusive():
    rule = cancer_rule(min_age=18, max_age=75)
    assert eligibility_refusals(rule, evidence(age=18)) == []
    assert eligibility_refusals(rule, evidence(age=75)) == []
    assert "au moins 18 ans" in eligibility_refusals(rule, evidence(age=17))[0]
    assert "75 ans" in eligibility_refusals(rule, evidence(age=76))[0]


def test_it_refuses_a_date_outside_the_version():
    rule = cancer_rule(valid_to=date(2026, 5, 31))
    assert "en vigueur" in eligibility_refusals(rule, evidence())[0]


def test_a_line_without_conditions_accepts_anyone_in_the_territory():
    rule = cancer_rule(
        thematic=None,
        treatment_condition=TreatmentCondition.ANY,
        after_treatment_months=None,
        requires_prescription=False,
        requires_ald=False,
        prescriber_roles=[],
    )
    ev = evidence(
        thematic_code=None,
        treatment_phase=TreatmentPhase.NOT_APPLICABLE,
        treatment_ended_on=None,
        has_ald=False,
        prescribed_on=None,
        has_prescriber=False,
        prescriber_role="",
    )
    assert eligibility_refusals(rule, ev) == []
    assert "Commune" in eligibility_refusals(rule, Evidence(on=ev.on, commune_covered=None))[0]
