"""Demo data for coordination: tasks, care-team messages, vigilance notes and appointments on
the demo network's followed patients (timeline entries come from the patients seed and the
hospital seed)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from maillage.coordination import services
from maillage.coordination.models import Message
from maillage.coordination.permissions import thread_participants
from maillage.patients.models import Enrolment


def seed(ctx) -> None:
    if ctx.scale == "regional":
        return
    network = ctx.networks["main"]
    if Message.objects.filter(network=network).exists():
        ctx.log("Coordination : déjà présente, rien à ajouter.")
        return
    enrolments = list(
        Enrolment.objects.filter(network=network, closed_on__isnull=True)
        .select_related("patient", "lead_coordinator")
        .order_by("pk")[:12]
    )
    today = timezone.localdate()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for n, enrolment in enumerate(enrolments):
        patient, lead = enrolment.patient, enrolment.lead_coordinator
        services.task_assign(
            actor=lead,
            network=network,
            assignee=lead,
            patient=patient,
            title=(
                "Appeler l'aidant",
                "Vérifier le passage infirmier",
                "Relancer le médecin traitant",
            )[n % 3],
            due_on=today + datetime.timedelta(days=n % 9 - 3),
        )
        services.message_post(
            actor=lead,
            patient=patient,
            body="Bonjour, point sur la semaine : merci de me signaler tout changement.",
            recipients=thread_participants(patient),
        )
        if n % 4 == 0:
            services.vigilance_note_add(
                actor=lead, patient=patient, text="Chien à la maison : prévenir avant la visite."
            )
        start = now + datetime.timedelta(days=n % 5, hours=9 - now.hour + (n % 3) * 2)
        services.appointment_create(
            actor=lead,
            network=network,
            kind=("appointment", "home_visit", "office_visit")[n % 3],
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            patient=patient,
        )
    ctx.log(f"Coordination : tâches, messages et rendez-vous pour {len(enrolments)} patients.")
