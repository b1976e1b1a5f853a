"""Demo data for intake: fictional requests in every state for the demo network."""

from __future__ import annotations

import datetime

from django.utils import timezone
from faker import Faker

from maillage.accounts.models import Membership, Role
from maillage.core.models import Commune
from maillage.intake import services
from maillage.intake.models import SupportRequest
from maillage.intake.seed_regional import seed_regional
from maillage.patients.models import IdentityStatus
from maillage.testing.logguard import watch_name

fake = Faker("fr_FR")


def _member(network, *roles):
    membership = (
        Membership.objects.filter(network=network, is_active=True, role__in=roles)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _new(ctx, network, actor, *, days_ago: float, **extra):
    surname = fake.last_name().upper()
    watch_name(surname)
    data = {
        "channel": ctx.rng.choice(["phone", "email", "hospital", "letter", "on_site"]),
        "requester_name": f"{fake.first_name()} {fake.last_name()}",
        "requester_quality": ctx.rng.choice(["gp", "nurse", "hospital_sw", "family"]),
        "requester_phone": "02 40 00 00 00",
        "person_birth_name": surname,
        "person_first_names": fake.first_name(),
        "person_birth_date": datetime.date(1930 + ctx.rng.randint(0, 40), 3, 14),
        "person_commune": Commune.objects.filter(is_current=True).order_by("pk").first(),
        "reasons": [ctx.rng.choice(["coordination", "return_home", "keep_home", "carer"])],
        "description": "Situation fictive de démonstration.",
        "received_at": timezone.now() - datetime.timedelta(days=days_ago),
        **extra,
    }
    return services.request_create(actor=actor, network=network, data=data)


def seed(ctx) -> None:
    if ctx.scale == "regional":
        return seed_regional(ctx)
    network = ctx.networks.get("main")
    if network is None or ctx.scale != "demo":
        return
    if SupportRequest.all_objects.filter(network=network).exists():
        ctx.log("Demandes d'appui : déjà présentes, rien à ajouter.")
        return
    reception = _member(network, Role.RECEPTION, Role.COORDINATOR)
    coordinator = _member(network, Role.COORDINATOR, Role.MEDICAL_LEAD)
    if reception is None or coordinator is None:
        return
    today = timezone.localdate()
    _new(ctx, network, reception, days_ago=0.2)
    from maillage.directory.models import Professional

    doctor = (
        Professional.objects.filter(is_active=True, profession_code="10").order_by("pk").first()
    )
    linked = {"requester_professional": doctor, "gp_professional": doctor} if doctor else {}
    if doctor is not None:
        linked |= {"requester_name": doctor.display_name, "gp_name": doctor.display_name}
    _new(ctx, network, reception, days_ago=4, urgency="urgent", rupture_tag="rupture", **linked)
    services.request_public_submit(
        network=network,
        data={
            "requester_name": "Famille (démonstration)",
            "requester_quality": "family",
            "requester_email": "proche.demo@example.org",
            "reasons": ["information"],
            "description": "Demande d'information fictive.",
        },
    )
    taken = services.request_take(actor=coordinator, req=_new(ctx, network, reception, days_ago=2))
    services.request_screen(actor=coordinator, req=taken, criteria=["dependence", "isolation"])
    answered = services.request_take(actor=reception, req=_new(ctx, network, reception, days_ago=9))
    services.request_answer(
        actor=reception, req=answered, answer="Orientation vers le CLIC du secteur (fictif)."
    )
    punctual = services.request_take(
        actor=coordinator, req=_new(ctx, network, reception, days_ago=12)
    )
    services.request_punctual(actor=coordinator, req=punctual, note="Aide au dossier APA.")
    refused = services.request_take(
        actor=coordinator, req=_new(ctx, network, reception, days_ago=15)
    )
    services.request_refuse(actor=coordinator, req=refused, reason="Hors champ du réseau.")
    accepted = services.request_take(
        actor=coordinator, req=_new(ctx, network, reception, days_ago=6)
    )
    services.request_accept(actor=coordinator, req=accepted, note="Situation complexe.")
    enrolled = services.request_take(
        actor=coordinator, req=_new(ctx, network, reception, days_ago=20)
    )
    enrolled = services.request_accept(actor=coordinator, req=enrolled)
    services.request_enrol(
        actor=coordinator,
        req=enrolled,
        lead_coordinator=coordinator,
        started_on=today,
        person_agreement_on=today,
        gp_agreement_on=today,
        identity={
            "birth_name": enrolled.person_birth_name,
            "first_names": enrolled.person_first_names,
            "birth_date": enrolled.person_birth_date,
            "sex": "F",
            "identity_status": IdentityStatus.PROVISIONAL,
        },
    )
    other = ctx.networks.get("other")
    if other is not None:
        services.request_forward(
            actor=reception,
            req=_new(ctx, network, reception, days_ago=3),
            to_network=other,
            note="La personne habite sur votre territoire.",
        )
    count = SupportRequest.objects.filter(network=network).count()
    ctx.log(f"Demandes d'appui : {count} demandes dans tous les états.")
