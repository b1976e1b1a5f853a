"""Known national schemes, loaded as data (a funding line and its first rule version).

Nothing here is read by the rules engine: these figures become rows through the same service as
any line typed by a director, and change only through a new rule version.

Parcours de soins global après le traitement d'un cancer — what was checked, and where
------------------------------------------------------------------------------------
* Décret n° 2020-1665 du 22 décembre 2020 (JORF n° 0311 du 24 décembre 2020, texte 61), creating
  CSP art. R. 1415-1-11 and R. 1415-1-12 (Légifrance, JORFTEXT000042731150):
  - prescribed by the patient's cancérologue, pédiatre or médecin traitant, to a person who
    received a cancer treatment and benefits from the ALD exemption (3° of CSS art. L. 160-14),
    "jusqu'à douze mois après la fin de son traitement";
  - the pathway may include an adapted-physical-activity assessment (leading to an APA project),
    a dietetic assessment, a psychological assessment, and dietetic and psychological follow-up
    consultations, "dans la limite du nombre fixé par arrêté";
  - it is delivered "dans les douze mois suivant la réalisation du premier bilan";
  - structures deliver it under a convention with the ARS director general (R. 1415-1-12).
* Arrêté du 24 décembre 2020 relatif au parcours de soins global après le traitement d'un
  cancer (NOR SSAS2035908A, published 1 January 2021). Its text was not reachable from here;
  its figures are quoted identically by the FFCO and OncoRIF (« 180 € par patient et par an »
  pages, which cite the article verbatim) and by ARS Pays de la Loire:
  - 180 € at most per patient and per year for all assessments and consultations;
  - "tarif maximal spécifique" of 45 € for an assessment of one hour;
  - 22,50 € for a dietetic or psychological follow-up consultation of half an hour;
  - at most six follow-up consultations (dietetic or psychological, together).
  ARS Pays de la Loire gives the resulting combinations: 1 assessment + 6 consultations, or
  2 assessments + 4 consultations, or 3 assessments + 2 consultations (all = 180 €).
* What follows for the rules below: APA is paid as an assessment only (the APA sessions
  themselves are not financed); follow-ups exist for dietetics and psychology only; the six
  follow-ups are one limit over both kinds; one initial assessment per kind; the 180 € cap and
  the 12-month window run from the first assessment (entitlement_months = 12); the prescription
  must be dated at most 12 months after the end of treatment (after_treatment_months = 12, the
  12th month's same day included); ALD and a prescriber among the three named are required.
  Figures checked in November 2026; a later arrêté would be entered as a new rule version.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from maillage.networks.models import Thematic
from maillage.supportcare.models import ActKind, Funder, PrescriberRole, SupportKind
from maillage.supportcare.models import TreatmentCondition as TC
from maillage.supportcare.services.funding import (
    LimitSpec,
    PriceSpec,
    funding_line_create,
    rule_version_create,
)

CANCER_PATHWAY_SOURCE = (
    "Décret n° 2020-1665 du 22 décembre 2020 (CSP art. R. 1415-1-11 et R. 1415-1-12) et arrêté "
    "du 24 décembre 2020 relatif au parcours de soins global après le traitement d'un cancer : "
    "prescription par le cancérologue, le pédiatre ou le médecin traitant d'un patient en ALD, "
    "jusqu'à 12 mois après la fin du traitement ; parcours dispensé dans les 12 mois suivant le "
    "premier bilan ; 180 € au plus par patient et par an ; bilan (1 h) 45 € ; consultation de "
    "suivi diététique ou psychologique (30 min) 22,50 € ; 6 consultations de suivi au plus."
)


def cancer_pathway_line(
    *, actor, network, year: int, budget: Decimal, funder_name: str = "Agence régionale de santé"
):
    """Creates the funding line of the national cancer after-treatment pathway for `year`."""
    thematic, _ = Thematic.objects.get_or_create(
        code="cancerologie", defaults={"label": "Cancérologie"}
    )
    line = funding_line_create(
        actor=actor,
        network=network,
        name=f"Parcours de soins global après cancer {year}",
        funder=Funder.NATIONAL,
        funder_name=funder_name,
        reference="Décret n° 2020-1665 du 22/12/2020 ; arrêté du 24/12/2020",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        budget=budget,
        alert_percent=80,
    )
    initial, follow_up = Decimal("45.00"), Decimal("22.50")
    rule_version_create(
        actor=actor,
        line=line,
        valid_from=date(year, 1, 1),
        thematic=thematic,
        treatment_condition=TC.AFTER_TREATMENT,
        after_treatment_months=12,
        requires_coverage=True,
        requires_prescription=True,
        requires_ald=True,
        prescriber_roles=[
            PrescriberRole.ONCOLOGIST,
            PrescriberRole.PAEDIATRICIAN,
            PrescriberRole.GP,
        ],
        amount_cap=Decimal("180.00"),
        entitlement_months=12,
        source=CANCER_PATHWAY_SOURCE,
        prices=[
            PriceSpec(SupportKind.APA, ActKind.INITIAL, initial),
            PriceSpec(SupportKind.DIETETICS, ActKind.INITIAL, initial),
            PriceSpec(SupportKind.PSYCHOLOGY, ActKind.INITIAL, initial),
            PriceSpec(SupportKind.DIETETICS, ActKind.FOLLOW_UP, follow_up),
            PriceSpec(SupportKind.PSYCHOLOGY, ActKind.FOLLOW_UP, follow_up),
        ],
        limits=[
            LimitSpec((SupportKind.DIETETICS, SupportKind.PSYCHOLOGY), ActKind.FOLLOW_UP, 6),
        ],
    )
    return line
