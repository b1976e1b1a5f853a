"""Demo events of the main network, one in each status, with registrations (fictional people).

Written straight to the tables (no emails go out while seeding). Run again, it adds nothing.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from faker import Faker

from maillage.core.models import Commune
from maillage.training.models import (
    Event,
    EventKind,
    EventSlot,
    EventSpeaker,
    EventStatus,
    Profession,
    Registration,
    RegistrationStatus,
    Satisfaction,
)
from maillage.training.seed_regional import seed_regional

PROFESSIONS = [
    Profession.NURSE,
    Profession.GP,
    Profession.PHARMACIST,
    Profession.PHYSIOTHERAPIST,
    Profession.SOCIAL_WORKER,
    Profession.PSYCHOLOGIST,
]
PROGRAMME = """- 18 h 30 : accueil des participants
- 19 h 00 : {topic}
- 20 h 15 : cas cliniques et échanges
- 21 h 00 : fin de la soirée

Soirée gratuite, ouverte aux professionnels libéraux et hospitaliers du territoire.
"""
EVENTS = [
    # title, theme, kind, status, days from today, capacity, registered, waiting, thematics
    (
        "Douleur et cancer : repérer, évaluer, soulager à domicile",
        "Soins de support",
        EventKind.INFO_EVENING,
        EventStatus.PUBLISHED,
        18,
        30,
        12,
        0,
        ["cancerologie"],
    ),
    (
        "Chimiothérapie orale : le rôle de l'officine et de l'infirmier libéral",
        "Chimiothérapie orale",
        EventKind.PRACTICE_EXCHANGE,
        EventStatus.PUBLISHED,
        32,
        15,
        15,
        3,
        ["cancerologie"],
    ),
    (
        "Soins palliatifs à domicile : anticiper les situations d'urgence",
        "Soins palliatifs",
        EventKind.TRAINING_DAY,
        EventStatus.PUBLISHED,
        45,
        25,
        6,
        0,
        ["soins-palliatifs"],
    ),
    (
        "Psycho-oncologie : accompagner l'annonce",
        "Psycho-oncologie",
        EventKind.WEBINAR,
        EventStatus.DRAFT,
        60,
        80,
        0,
        0,
        ["cancerologie"],
    ),
    (
        "Dénutrition de la personne âgée : dépister en ville",
        "Nutrition",
        EventKind.INFO_EVENING,
        EventStatus.CANCELLED,
        12,
        30,
        9,
        0,
        ["nutrition", "gerontologie"],
    ),
    (
        "Retour à domicile après hospitalisation : la sortie coordonnée",
        "Ville-hôpital",
        EventKind.BEDSIDE,
        EventStatus.HELD,
        -20,
        20,
        14,
        0,
        ["gerontologie"],
    ),
]


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _person(fake: Faker, n: int) -> dict:
    first, last = fake.first_name(), fake.last_name()
    return {
        "first_name": first,
        "last_name": last,
        "profession": PROFESSIONS[n % len(PROFESSIONS)],
        "structure": fake.company(),
        "email": f"{first}.{last}.{n}@exemple.fr".lower().replace(" ", "-"),
    }


def seed(ctx) -> None:
    if ctx.scale == "regional":
        return seed_regional(ctx)
    network = ctx.networks["main"]
    if Event.objects.filter(network=network).exists():
        return
    fake = Faker("fr_FR")
    fake.seed_instance(20261123)
    thematics = ctx.data.get("thematics", {})
    nantes = Commune.objects.filter(insee_code="44109").first()
    author = ctx.users.get("coordination@demo.maillage.fr")
    now = timezone.now()
    counter = 0
    for title, theme, kind, status, days, capacity, registered, waiting, codes in EVENTS:
        remote = kind == EventKind.WEBINAR
        event = Event.objects.create(
            network=network,
            title=title,
            theme=theme,
            kind=kind,
            summary=f"{theme} : une rencontre entre professionnels de ville et de l'hôpital.",
            programme=PROGRAMME.format(topic=title.split(" : ")[0]),
            address="" if remote else "Maison des associations, 12 rue des Tanneurs",
            commune=None if remote else nantes,
            video_url="https://visio.exemple.fr/dac-estuaire" if remote else "",
            capacity=capacity,
            target_professions=[p.value for p in PROFESSIONS[:4]],
            dpc_reference="12342600012" if kind == EventKind.TRAINING_DAY else "",
            status=status,
            published_at=now if status != EventStatus.DRAFT else None,
            cancelled_at=now if status == EventStatus.CANCELLED else None,
            cancel_reason="Intervenant indisponible ; une nouvelle date sera proposée."
            if status == EventStatus.CANCELLED
            else "",
            held_at=_at(days, 22) if status == EventStatus.HELD else None,
            satisfaction_sent_at=_at(days + 1, 9) if status == EventStatus.HELD else None,
            created_by=author,
        )
        event.thematics.set([thematics[c] for c in codes if c in thematics])
        if kind == EventKind.TRAINING_DAY:
            EventSlot.objects.create(
                event=event, starts_at=_at(days, 9), ends_at=_at(days, 12, 30), label="Matinée"
            )
            EventSlot.objects.create(
                event=event, starts_at=_at(days, 14), ends_at=_at(days, 17), label="Après-midi"
            )
        else:
            EventSlot.objects.create(
                event=event, starts_at=_at(days, 18, 30), ends_at=_at(days, 21)
            )
        EventSpeaker.objects.create(
            event=event, name=f"Dr {fake.first_name()} {fake.last_name()}", role="Oncologue"
        )
        EventSpeaker.objects.create(
            event=event,
            name=f"{fake.first_name()} {fake.last_name()}",
            role="Infirmière coordinatrice du réseau",
        )
        cancelled = status == EventStatus.CANCELLED
        for n in range(registered + waiting):
            counter += 1
            is_waiting = n >= registered
            registration = Registration.objects.create(
                event=event,
                status=RegistrationStatus.CANCELLED
                if cancelled
                else (RegistrationStatus.WAITING if is_waiting else RegistrationStatus.REGISTERED),
                queued_at=now - timedelta(days=30 - n),
                cancelled_at=now if cancelled else None,
                attended=status == EventStatus.HELD and n % 5 != 4,
                attendance_recorded_at=_at(days, 21) if status == EventStatus.HELD else None,
                **_person(fake, counter),
            )
            if registration.attended:
                registration.satisfaction_requested_at = _at(days + 1, 9)
                registration.save(update_fields=["satisfaction_requested_at"])
                if n % 3 != 2:
                    Satisfaction.objects.create(
                        registration=registration,
                        overall_rating=4 + (n % 2),
                        usefulness=3 + (n % 3),
                        comment="Très concret, merci pour les cas cliniques." if n % 4 == 0 else "",
                    )
    ctx.log(f"Formations : {len(EVENTS)} événements ({network.name})")
