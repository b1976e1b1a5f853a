"""Demo assessments: the network's problem catalogue, and for several demo patients a signed
assessment of some months ago, a recent signed one (so the charts have a history) and a draft.
Written through the services, so the audit trail and the journal read like real use."""

from __future__ import annotations

import datetime

from django.utils import timezone

from maillage.accounts.models import Membership, Role
from maillage.assessments import services
from maillage.assessments.models import Assessment, Domain, Place, ProblemCatalogue, Severity
from maillage.assessments.seed_regional import seed_regional

PATIENT_KEYS = ("showcase", "qualified", "no_gp", "guardianship")


def _aggir(letters: str) -> dict:
    keys = (
        "coherence",
        "orientation",
        "toilette",
        "habillage",
        "alimentation",
        "elimination",
        "transferts",
        "deplacements_interieur",
        "deplacements_exterieur",
        "communication_distance",
    )
    return {"variables": dict(zip(keys, letters, strict=True))}


VISITS = [
    # (days ago, AGGIR letters, Zarit points per item, MNA-SF, problems)
    (
        120,
        "AABBAABBBA",
        [1] * 22,
        [2, 3, 2, 2, 2, 3],
        [("chutes", Domain.AUTONOMY, Severity.MODERATE)],
    ),
    (
        10,
        "BBBBBBBCCA",
        [2] * 20 + [3, 3],
        [1, 2, 2, 0, 2, 1],
        [
            ("chutes", Domain.AUTONOMY, Severity.SEVERE),
            ("epuisement-aidant", Domain.CARERS, Severity.SEVERE),
            ("denutrition", Domain.NUTRITION, Severity.MODERATE),
        ],
    ),
]


def seed(ctx) -> None:
    for network in ctx.networks.values():
        services.catalogue_ensure_defaults(network)
    if ctx.scale == "regional":
        return seed_regional(ctx)
    patients = ctx.data.get("patients") or {}
    network = ctx.networks["main"]
    if Assessment.objects.filter(network=network).exists():
        ctx.log("Évaluations : déjà présentes, rien à ajouter.")
        return
    membership = (
        Membership.objects.filter(network=network, role=Role.COORDINATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return
    coordinator = membership.user
    today = timezone.localdate()
    count = 0
    for key in PATIENT_KEYS:
        patient = patients.get(key)
        if patient is None:
            continue
        for days, letters, zarit, mna, problems in VISITS:
            assessment = services.assessment_create(
                actor=coordinator,
                patient=patient,
                assessed_on=today - datetime.timedelta(days=days),
                place=Place.HOME,
                participants="La personne, sa fille (aidante principale)",
            )
            services.assessment_autosave(
                actor=coordinator,
                assessment=assessment,
                changes={
                    "section-autonomy": "Aide pour la toilette et l'habillage, marche avec canne.",
                    "section-carers": "Fille aidante, se dit fatiguée.",
                    "section-wishes": "Souhaite rester à domicile.",
                },
            )
            for code, answers in (("aggir", _aggir(letters)), ("zarit", {"items": zarit})):
                services.result_save_draft(
                    actor=coordinator, assessment=assessment, instrument_code=code, answers=answers
                )
            services.result_save_draft(
                actor=coordinator,
                assessment=assessment,
                instrument_code="mna_sf",
                answers={"items": mna},
            )
            for code, domain, severity in problems:
                services.problem_add(
                    actor=coordinator,
                    assessment=assessment,
                    domain=domain,
                    catalogue=ProblemCatalogue.objects.get(network=network, code=code),
                    severity=severity,
                )
            services.assessment_sign(actor=coordinator, assessment=assessment)
            count += 1
        draft = services.assessment_create(
            actor=coordinator, patient=patient, assessed_on=today, place=Place.PHONE
        )
        services.result_save_draft(
            actor=coordinator,
            assessment=draft,
            instrument_code="zarit",
            answers={"items": [2] * 8},
        )
        count += 1
    ctx.log(f"Évaluations : {count} évaluations (signées et brouillons) pour {network.name}.")
