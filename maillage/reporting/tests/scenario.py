"""A hand-built year of work for one network (and a little for another), whose indicators are
counted by hand in the tests. Dates are in Europe/Paris; the period is 2026."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from maillage.accounts.tests.factories import MembershipFactory, UserFactory
from maillage.assessments.models import Assessment, InstrumentResult
from maillage.careplans.models import Pps, PpsVersion
from maillage.directory.models import Organisation
from maillage.hospital.models import HospitalStay
from maillage.intake.models import SupportRequest
from maillage.intake.tests.factories import SupportRequestFactory
from maillage.networks.tests.factories import NetworkFactory, ThematicFactory
from maillage.patients.models import ConsentKind, JournalKind
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    CommuneFactory,
    ConsentFactory,
    EnrolmentFactory,
    JournalEntryFactory,
    OrganisationFactory,
    PatientFactory,
    ProfessionalFactory,
)
from maillage.supportcare.models import RuleVersion, SupportCareReferral, SupportSession
from maillage.supportcare.models.referrals import Entitlement
from maillage.supportcare.tests.factories import FundingLineFactory, ProviderFactory
from maillage.testing.logguard import watch_name
from maillage.training.models import Satisfaction
from maillage.training.tests.factories import (
    EventFactory,
    EventSlotFactory,
    RegistrationFactory,
)

SURNAMES = (
    "ARNAUD",
    "BERTINEAU",
    "CHARPENTIER",
    "DUVALLON",
    "ESNAULT",
    "FOUCHERAND",
    "GUERINEAU",
)
START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 12, 31)


def at(y, m, d, h=10, minute=0):
    return timezone.make_aware(datetime.datetime(y, m, d, h, minute))


def day(y, m, d):
    return datetime.date(y, m, d)


@dataclass
class Scenario:
    network: object
    other: object
    patients: dict = field(default_factory=dict)
    requests: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


def _request(network, **kwargs):
    kwargs.setdefault("reasons", [])
    return SupportRequestFactory(network=network, **kwargs)


def _stub(network, **kwargs):
    req = _request(network, **kwargs)
    SupportRequest.all_objects.filter(pk=req.pk).update(is_stub=True)
    req.refresh_from_db()
    return req


def build(network=None) -> Scenario:
    network = network or NetworkFactory()
    other = NetworkFactory()
    s = Scenario(network=network, other=other)
    pa = ThematicFactory(code="pa", label="Personnes âgées")
    onco = ThematicFactory(code="onco", label="Cancérologie")
    nantes = CommuneFactory(insee_code="44109", name="Nantes")
    nazaire = CommuneFactory(insee_code="44184", name="Saint-Nazaire", postal_code="44600")

    coord1 = UserFactory(first_name="Alice", last_name="Coord")
    coord2 = UserFactory(first_name="Bruno", last_name="Coord")
    MembershipFactory(user=coord1, network=network, role="coordinator", fte=Decimal("0.8"))
    MembershipFactory(user=coord2, network=network, role="coordinator", fte=Decimal("0.5"))
    s.users = {"coord1": coord1, "coord2": coord2}

    # --- patients ---------------------------------------------------------------------------
    for surname in SURNAMES:
        watch_name(surname)  # the log guard fails a test that would log them
    p1 = PatientFactory(
        birth_name="ARNAUD", network=network, sex="F", birth_date=day(1940, 6, 15), commune=nantes
    )
    p2 = PatientFactory(
        birth_name="BERTINEAU", network=network, sex="M", birth_date=day(1990, 1, 1), commune=nantes
    )
    p3 = PatientFactory(
        birth_name="CHARPENTIER",
        network=network,
        sex="F",
        birth_date=day(1951, 12, 31),
        commune=nantes,
    )
    p4 = PatientFactory(
        birth_name="DUVALLON", network=network, sex="M", birth_date=day(1960, 1, 1), commune=nazaire
    )
    p5 = PatientFactory(
        birth_name="ESNAULT", network=network, sex="F", birth_date=day(1945, 1, 1), commune=nantes
    )
    p6 = PatientFactory(
        birth_name="FOUCHERAND",
        network=network,
        sex="M",
        birth_date=day(1950, 1, 1),
        commune=nantes,
    )
    p_other = PatientFactory(
        birth_name="GUERINEAU", network=other, sex="F", birth_date=day(1950, 1, 1)
    )
    s.patients = {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6, "o": p_other}
    ConsentFactory(patient=p5, kind=ConsentKind.REUSE_OBJECTION, given_on=day(2026, 1, 5))

    e1 = EnrolmentFactory(patient=p1, lead_coordinator=coord1, started_on=day(2026, 1, 20))
    e1.thematics.add(pa)
    e2a = EnrolmentFactory(
        patient=p2,
        lead_coordinator=coord2,
        started_on=day(2024, 1, 1),
        closed_on=day(2025, 6, 30),
        closed_reason="stabilised",
    )
    e2a.thematics.add(pa)
    # Re-enrolment on the last day of the period.
    e2b = EnrolmentFactory(patient=p2, lead_coordinator=coord2, started_on=day(2026, 12, 31))
    e2b.thematics.add(onco)
    e3 = EnrolmentFactory(
        patient=p3,
        lead_coordinator=coord1,
        started_on=day(2025, 3, 1),
        closed_on=day(2026, 6, 30),
        closed_reason="stabilised",
    )
    e3.thematics.add(pa)
    # Death recorded after the period: not a closure of 2026, still open on 31/12/2026.
    EnrolmentFactory(
        patient=p4,
        lead_coordinator=coord2,
        started_on=day(2025, 10, 1),
        closed_on=day(2027, 1, 5),
        closed_reason="death",
    )
    EnrolmentFactory(patient=p5, lead_coordinator=coord1, started_on=day(2026, 2, 1))
    EnrolmentFactory(patient=p6, lead_coordinator=coord1, started_on=day(2024, 1, 1))
    EnrolmentFactory(patient=p_other, lead_coordinator=coord1, started_on=day(2026, 3, 1))

    # --- journal ----------------------------------------------------------------------------
    def journal(patient, when, kind=JournalKind.CALL, minutes=None, **kwargs):
        return JournalEntryFactory(
            patient=patient,
            network=patient.network,
            occurred_at=when,
            kind=kind,
            duration_minutes=minutes,
            author=coord1,
            **kwargs,
        )

    journal(p1, at(2026, 2, 1), minutes=20)
    journal(p1, at(2026, 2, 3), JournalKind.VISIT, minutes=60)
    journal(p1, at(2026, 4, 1), JournalKind.NOTE, minutes=10, rupture_tag="unmet_need")
    journal(p3, at(2026, 3, 10), minutes=15)
    wrong = journal(p4, at(2026, 7, 1))
    journal(p4, at(2026, 7, 2), minutes=30, corrects=wrong)
    journal(p5, at(2026, 3, 1), minutes=45)  # objected to reuse: never counted
    journal(p6, at(2025, 5, 1), minutes=5)  # before the period
    journal(p_other, at(2026, 3, 2), minutes=25)

    # --- requests ---------------------------------------------------------------------------
    s.requests["r1"] = _request(
        network,
        requester_quality="gp",
        channel="phone",
        reasons=["coordination", "carer"],
        status="enrolled",
        received_at=at(2026, 1, 10),
        first_contact_at=at(2026, 1, 12),
        decided_at=at(2026, 1, 20),
        patient=p1,
        rupture_tag="rupture",
    )
    s.requests["r2"] = _request(
        network,
        requester_quality="family",
        channel="web",
        reasons=["information"],
        status="answered",
        received_at=at(2026, 3, 1, 9),
        first_contact_at=at(2026, 3, 1, 17),
        decided_at=at(2026, 3, 5),
    )
    # 31/12/2025 23:30 in Paris: before the period (UTC would say the same day, Paris decides).
    _request(network, received_at=at(2025, 12, 31, 23, 30), reasons=["coordination"])
    s.requests["r4"] = _request(
        network,
        requester_quality="hospital_sw",
        channel="hospital",
        reasons=["return_home"],
        status="qualifying",
        received_at=at(2026, 12, 31, 23, 30),
        rupture_tag="unmet_need",
    )
    # Forwarded to the other network, then sent back.
    s.requests["r5a"] = _stub(
        network,
        requester_quality="nurse",
        channel="email",
        status="forwarded",
        received_at=at(2026, 5, 1),
        forwarded_to=other,
    )
    _stub(
        other,
        requester_quality="nurse",
        channel="email",
        status="forwarded",
        received_at=at(2026, 5, 2),
        forwarded_from=network,
        forwarded_to=network,
    )
    s.requests["r5c"] = _request(
        network,
        requester_quality="nurse",
        channel="email",
        reasons=["keep_home"],
        status="refused",
        received_at=at(2026, 5, 3),
        first_contact_at=at(2026, 5, 4),
        decided_at=at(2026, 5, 10),
        forwarded_from=other,
    )
    _request(other, received_at=at(2026, 2, 1), reasons=["coordination"])

    # --- assessments and GIR ----------------------------------------------------------------
    def signed_assessment(patient, on):
        return Assessment.objects.create(
            network=patient.network,
            patient=patient,
            assessed_on=on,
            author=coord1,
            status="signed",
            signed_at=at(on.year, on.month, on.day, 18),
            signed_by=coord1,
        )

    signed_assessment(p1, day(2025, 11, 1))  # before the decision: not the "first" one
    first = signed_assessment(p1, day(2026, 2, 3))
    InstrumentResult.objects.create(
        network=network,
        patient=p1,
        assessment=first,
        instrument_code="aggir",
        instrument_version="2008",
        answers={},
        is_complete=True,
        score=Decimal("2"),
        category="gir_2",
        details={"gir": 2},
        status="signed",
        author=coord1,
        signed_at=at(2026, 2, 3, 18),
        signed_by=coord1,
    )

    # --- PPS --------------------------------------------------------------------------------
    pps = Pps.objects.create(patient=p1, enrolment=e1, network=network, created_by=coord1)
    Pps.objects.filter(pk=pps.pk).update(created_at=at(2026, 2, 10))

    def version(number, status, validated, review_due, based_on=None):
        return PpsVersion.objects.create(
            pps=pps,
            number=number,
            status=status,
            author=coord1,
            based_on=based_on,
            validated_at=validated,
            validated_by=coord1,
            review_due=review_due,
            gp_agreed_at=validated.date(),
            patient_agreement="oral",
            gp_agreement_role="gp",
        )

    v1 = version(1, "superseded", at(2026, 3, 5), day(2026, 9, 5))
    version(2, "validated", at(2026, 9, 1), day(2027, 3, 1), based_on=v1)

    # --- hospital ---------------------------------------------------------------------------
    hospital = Organisation.objects.create(name="CHU de Nantes", finess="440000289")

    def stay(patient, admitted, discharged=None, kind="mco", readmission=False):
        return HospitalStay.objects.create(
            patient=patient,
            network=patient.network,
            organisation=hospital,
            kind=kind,
            admitted_at=admitted,
            discharged_at=discharged,
            reported_by=coord1,
            is_readmission=readmission,
        )

    stay(p1, at(2026, 4, 10), at(2026, 4, 15))
    stay(p1, at(2026, 5, 1), kind="urgences", readmission=True)
    stay(p5, at(2026, 6, 1))  # objected to reuse

    # --- care team --------------------------------------------------------------------------
    doctor = ProfessionalFactory()
    CareTeamMemberFactory(patient=p1, role="gp", professional=doctor, started_on=day(2025, 1, 1))
    CareTeamMemberFactory(
        patient=p1,
        role="nurse",
        started_on=day(2025, 1, 1),
        ended_on=day(2025, 12, 31),
        end_reason="care_ended",
    )
    CareTeamMemberFactory(patient=p2, role="gp", professional=doctor, started_on=day(2025, 1, 1))
    CareTeamMemberFactory(
        patient=p3,
        role="home_help",
        organisation=OrganisationFactory(),
        professional=None,
        started_on=day(2026, 1, 1),
    )
    CareTeamMemberFactory(
        patient=p4,
        role="gp",
        started_on=day(2026, 1, 1),
        ended_on=day(2026, 1, 2),
        end_reason="error",
    )

    # --- support care -----------------------------------------------------------------------
    line = FundingLineFactory(network=network, budget=Decimal("10000.00"))
    rule = RuleVersion.objects.create(funding_line=line, number=1, valid_from=day(2026, 1, 1))
    provider = ProviderFactory(network=network)

    def referral(patient, kind, on):
        entitlement = Entitlement.objects.create(patient=patient, funding_line=line, opened_on=on)
        return SupportCareReferral.objects.create(
            network=network,
            patient=patient,
            funding_line=line,
            entitlement=entitlement,
            kind=kind,
            provider=provider,
            status="in_progress",
            referred_on=on,
            rule=rule,
            sessions_granted=6,
            granted_amount=Decimal("300.00"),
            created_by=coord1,
        )

    def session(ref, on, status="held", price=None):
        return SupportSession.objects.create(
            referral=ref,
            provider=provider,
            day=on,
            status=status,
            act_kind="session" if status == "held" else "",
            price=price,
            rule=rule if status == "held" else None,
            recorded_by=coord1,
        )

    psy = referral(p1, "psychology", day(2026, 3, 1))
    apa = referral(p3, "apa", day(2025, 12, 1))
    session(psy, day(2026, 3, 10), price=Decimal("50.00"))
    session(psy, day(2026, 4, 10), price=Decimal("50.00"))
    session(psy, day(2026, 5, 10), status="missed_unexcused")
    session(apa, day(2026, 1, 15), price=Decimal("30.00"))
    session(apa, day(2025, 12, 20), price=Decimal("30.00"))

    # --- training ---------------------------------------------------------------------------
    held = EventFactory(network=network, status="held", kind="info_evening")
    EventSlotFactory(event=held, starts_at=at(2026, 6, 10, 18), ends_at=at(2026, 6, 10, 20))
    gp1 = RegistrationFactory(event=held, profession="gp", attended=True)
    gp2 = RegistrationFactory(event=held, profession="gp", attended=True)
    RegistrationFactory(event=held, profession="nurse", attended=True)
    RegistrationFactory(event=held, profession="nurse", attended=False)
    RegistrationFactory(event=held, profession="pharmacist", status="cancelled")
    Satisfaction.objects.create(registration=gp1, overall_rating=4, usefulness=3)
    Satisfaction.objects.create(registration=gp2, overall_rating=5, usefulness=4)
    earlier = EventFactory(network=network, status="held", kind="webinar")
    EventSlotFactory(event=earlier, starts_at=at(2025, 12, 15, 18), ends_at=at(2025, 12, 15, 19))
    RegistrationFactory(event=earlier, profession="gp", attended=True)
    cancelled = EventFactory(network=network, status="cancelled", kind="webinar")
    EventSlotFactory(event=cancelled, starts_at=at(2026, 9, 1, 18), ends_at=at(2026, 9, 1, 19))
    return s
