"""Demo data for the hospital link: an establishment with a FINESS and a few stays (one
discharged, one readmission) on the demo network's followed patients."""

from __future__ import annotations

import datetime

from django.utils import timezone
from stdnum import luhn

from maillage.core.text import normalise
from maillage.directory.models import Organisation
from maillage.hospital import services
from maillage.hospital.models import HospitalStay
from maillage.hospital.seed_regional import seed_regional
from maillage.patients.models import Enrolment


def _hospital() -> Organisation:
    existing = (
        Organisation.objects.exclude(finess__isnull=True)
        .exclude(finess="")
        .filter(category__icontains="hospitalier")
        .first()
    )
    if existing:
        return existing
    prefix = "44000099"
    finess = prefix + luhn.calc_check_digit(prefix)
    organisation, _ = Organisation.objects.get_or_create(
        finess=finess,
        defaults={
            "name": "Centre hospitalier de démonstration",
            "search_name": normalise("Centre hospitalier de démonstration"),
            "category": "Centre hospitalier",
            "city": "NANTES",
        },
    )
    return organisation


def seed(ctx) -> None:
    if ctx.scale == "regional":
        return seed_regional(ctx, _hospital())
    network = ctx.networks["main"]
    if HospitalStay.objects.filter(network=network).exists():
        ctx.log("Hôpital : séjours déjà présents.")
        return
    hospital = _hospital()
    enrolments = list(
        Enrolment.objects.filter(network=network, closed_on__isnull=True)
        .select_related("patient", "lead_coordinator")
        .order_by("pk")[:3]
    )
    now = timezone.now()
    for n, enrolment in enumerate(enrolments):
        lead, patient = enrolment.lead_coordinator, enrolment.patient
        stay = services.stay_admit(
            actor=lead,
            patient=patient,
            organisation=hospital,
            kind=("mco", "urgences", "smr")[n],
            admitted_at=now - datetime.timedelta(days=25 - n * 5),
            ward="Médecine gériatrique",
            reason="Chute à domicile",
        )
        if n == 0:
            services.stay_discharge(
                actor=lead, stay=stay, discharged_at=now - datetime.timedelta(days=18)
            )
            services.stay_admit(
                actor=lead,
                patient=patient,
                organisation=hospital,
                kind="mco",
                admitted_at=now - datetime.timedelta(days=2),
                ward="Cardiologie",
            )
    ctx.log(f"Hôpital : séjours pour {len(enrolments)} patients.")
