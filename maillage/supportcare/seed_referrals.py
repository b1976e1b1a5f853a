"""Demo referrals and sessions (run by `seed.py` once the funding lines and providers exist).

Uses the demo patients of network "main" that agreed to share; when the patients seed made
none, a few fictional patients are created with a recorded agreement. Dates are in the past
months of the current year, so statements can be issued for finished months.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from faker import Faker

from maillage.networks.models import Coverage, Thematic
from maillage.supportcare.dates import month_start
from maillage.supportcare.models import ReferralStatus, SessionStatus, SupportKind
from maillage.supportcare.services.referrals import referral_create, referral_transition
from maillage.supportcare.services.sessions import session_record
from maillage.supportcare.services.statements import statement_issue


def _patients(ctx, network, coordinator, wanted: int) -> list:
    from maillage.patients.models import Consent, ConsentKind, Patient, Sex
    from maillage.patients.wordings import current_wording

    objecting = Patient.objects.filter(
        consents__kind=ConsentKind.OBJECTION, consents__withdrawn_at__isnull=True
    ).values("pk")
    patients = list(
        Patient.objects.filter(network=network, merged_into__isnull=True)
        .filter(consents__kind=ConsentKind.SHARING, consents__withdrawn_at__isnull=True)
        .exclude(pk__in=objecting)
        .distinct()
        .order_by("pk")[:wanted]
    )
    fake = Faker("fr_FR")
    fake.seed_instance(4242)
    while len(patients) < wanted:
        female = len(patients) % 2 == 0
        patient = Patient.objects.create(
            network=network,
            birth_name=fake.last_name().upper(),
            first_names=fake.first_name_female() if female else fake.first_name_male(),
            birth_date=fake.date_between(date(1950, 1, 1), date(1985, 12, 31)),
            sex=Sex.FEMALE if female else Sex.MALE,
            postal_code="44000",
            city="Nantes",
            created_by=coordinator,
        )
        wording = current_wording(ConsentKind.SHARING)
        Consent.objects.create(
            patient=patient,
            kind=ConsentKind.SHARING,
            method="oral",
            given_on=timezone.localdate() - timedelta(days=200),
            wording_version=wording.version,
            wording_hash=wording.sha256,
            recorded_by=coordinator,
        )
        patients.append(patient)
    return patients


def seed_referrals(ctx, network, staff) -> None:
    from maillage.core.models import Commune

    coordinator, director = staff
    data = ctx.data["supportcare"]
    thematic = Thematic.objects.get(code="cancerologie")
    commune = Commune.objects.filter(insee_code="44109").first()
    if commune is None:  # the demo has no COG import: the one commune the referrals need
        from maillage.core.models import CogType, CommunePostalCode

        commune = Commune.objects.create(
            insee_code="44109",
            name="Nantes",
            search_name="nantes",
            departement="44",
            region="52",
            cog_type=CogType.COM,
        )
        CommunePostalCode.objects.create(commune=commune, code="44000")
    Coverage.objects.get_or_create(network=network, thematic=thematic, commune=commune)
    today = timezone.localdate()
    first_month = month_start(today.replace(month=max(today.month - 4, 1), day=1))
    plans = [  # (line, kind, sessions granted, sessions to hold, treatment ended months ago)
        ("cancer", SupportKind.PSYCHOLOGY, 7, 7, 3),
        ("cancer", SupportKind.DIETETICS, 4, 2, 5),
        ("cancer", SupportKind.APA, 1, 1, 2),
        ("fir", SupportKind.SOPHROLOGY, 6, 3, 1),
        ("fir", SupportKind.PSYCHOLOGY, 8, 2, 1),
        ("fir", SupportKind.SOCIO_AESTHETICS, 4, 0, 1),
    ]
    patients = _patients(ctx, network, coordinator, len(plans))
    created = held = 0
    for (line_key, kind, granted, to_hold, ended_ago), patient in zip(plans, patients, strict=True):
        referred_on = first_month + timedelta(days=3)
        evidence = {
            "thematic": thematic,
            "diagnosis": "Cancer (donnée fictive de démonstration)",
            "treatment_phase": "after_treatment",
            "treatment_ended_on": referred_on - timedelta(days=30 * ended_ago),
            "has_ald": True,
            "commune": patient.commune if getattr(patient, "commune_id", None) else commune,
            "prescriber_name": "Dr Médecin Fictif",
            "prescriber_role": "gp",
            "prescribed_on": referred_on - timedelta(days=2),
        }
        try:
            referral, _ = referral_create(
                actor=coordinator,
                patient=patient,
                funding_line=data[line_key],
                kind=kind,
                provider=data["providers"][kind],
                sessions_granted=granted,
                referred_on=referred_on,
                **evidence,
            )
        except ValidationError as exc:
            ctx.log(f"  orientation de démonstration ignorée : {' '.join(exc.messages)}")
            continue
        created += 1
        if line_key == "fir" and to_hold == 0:
            continue  # left proposed, waiting for the patient's answer
        referral_transition(actor=coordinator, referral=referral, to_status=ReferralStatus.ACCEPTED)
        day = referred_on + timedelta(days=4)
        for _ in range(to_hold):
            if day >= month_start(today):
                break
            session_record(actor=coordinator, referral=referral, day=day, status=SessionStatus.HELD)
            held += 1
            day += timedelta(days=12)
    issued = 0
    for provider in {p.pk: p for p in data["providers"].values()}.values():
        month = first_month
        while month < month_start(today):
            try:
                statement_issue(actor=director, provider=provider, month=month)
                issued += 1
            except ValidationError:
                pass
            month = month_start(month + timedelta(days=32))
    ctx.log(f"Soins de support : {created} orientations, {held} séances, {issued} relevés.")
