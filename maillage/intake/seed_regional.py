"""`seed_demo --scale regional`: about 400,000 support requests over three years, for the
reporting benchmark (issue 12).

Written with `bulk_create` in batches, one summary audit event (no per-row event), page by page
so that memory stays flat. Outcomes follow a plausible mix (information, appui ponctuel,
enrolment, forwarding — the sender keeps a stub and the receiver gets its own request —,
refusal, still open); enrolled requests point at a patient of the network. Never run in tests
(a smoke test runs it on a small total).
"""

from __future__ import annotations

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from maillage.accounts.models import Membership, Role
from maillage.audit import record
from maillage.core.models import Commune
from maillage.intake.models import REASONS, Channel, RequesterQuality, Status, SupportRequest
from maillage.networks.models import Network
from maillage.patients.models import Patient
from maillage.patients.seed_regional import bulk_insert

REGIONAL_REQUESTS = 400_000
BATCH = 5_000
YEARS = 3
# Outcome → weight (out of 100).
OUTCOMES = [
    (Status.ANSWERED, 30),
    (Status.PUNCTUAL, 15),
    (Status.ENROLLED, 30),
    (Status.FORWARDED, 5),
    (Status.REFUSED, 8),
    (Status.ACCEPTED, 4),
    (Status.QUALIFYING, 5),
    (Status.RECEIVED, 3),
]
_OUTCOMES = [status for status, weight in OUTCOMES for _ in range(weight)]
_CHANNELS = [c.value for c in Channel]
_QUALITIES = [q.value for q in RequesterQuality]
_REASONS = [code for code, _label in REASONS]


def _request(rng: random.Random, network_id, others, staff, communes, patients, now, span):
    received = now - datetime.timedelta(seconds=rng.randint(0, span))
    status = rng.choice(_OUTCOMES)
    contact = decided = None
    if status != Status.RECEIVED:
        contact = received + datetime.timedelta(hours=rng.randint(1, 96))
        if status not in (Status.QUALIFYING, Status.RECEIVED):
            decided = contact + datetime.timedelta(hours=rng.randint(1, 24 * 20))
    if status == Status.FORWARDED and not others:
        status = Status.ANSWERED
    tag = rng.random()
    row = SupportRequest(
        network_id=network_id,
        channel=rng.choice(_CHANNELS),
        status=status,
        requester_quality=rng.choice(_QUALITIES),
        requester_name="Demandeur fictif",
        person_birth_name="PERSONNE",
        person_first_names="Fictive",
        person_birth_date=datetime.date(rng.randint(1925, 1990), rng.randint(1, 12), 15),
        person_sex=rng.choice("FM"),
        person_commune_id=rng.choice(communes) if communes else None,
        reasons=rng.sample(_REASONS, rng.randint(1, 2)),
        description="Situation fictive (donnée de charge).",
        rupture_tag="rupture" if tag < 0.03 else "unmet_need" if tag < 0.06 else "",
        received_at=received,
        first_contact_at=contact,
        decided_at=decided,
        assigned_to_id=rng.choice(staff) if staff else None,
        patient_id=rng.choice(patients) if status == Status.ENROLLED and patients else None,
    )
    received_copy = None
    if status == Status.FORWARDED:
        target = rng.choice(others)
        row.forwarded_to_id = target
        row.is_stub = True
        row.person_birth_name = row.person_first_names = row.description = ""
        received_copy = SupportRequest(
            network_id=target,
            channel=row.channel,
            status=rng.choice([Status.ANSWERED, Status.ENROLLED, Status.PUNCTUAL]),
            requester_quality=row.requester_quality,
            requester_name="Demandeur fictif",
            reasons=row.reasons,
            received_at=decided or received,
            first_contact_at=(decided or received) + datetime.timedelta(hours=2),
            decided_at=(decided or received) + datetime.timedelta(days=3),
            forwarded_from_id=network_id,
        )
    return row, received_copy


def seed_regional(ctx, total: int = REGIONAL_REQUESTS) -> int:
    """Adds support requests until the platform holds `total` (resumable, idempotent)."""
    networks = list(
        Network.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    missing = total - SupportRequest.all_objects.count()
    if not networks or missing <= 0:
        ctx.log("Demandes (régional) : rien à ajouter.")
        return 0
    rng = ctx.rng
    now = timezone.now()
    span = 365 * YEARS * 24 * 3600
    communes = list(
        Commune.objects.filter(is_current=True, cog_type="COM").values_list("pk", flat=True)[:2_000]
    )
    written = 0
    per_network = missing // len(networks) + 1
    for network_id in networks:
        others = [n for n in networks if n != network_id]
        staff = list(
            Membership.objects.filter(
                network_id=network_id,
                is_active=True,
                role__in=[Role.COORDINATOR, Role.MEDICAL_LEAD, Role.RECEPTION],
            ).values_list("user_id", flat=True)
        )
        patients = list(
            Patient.objects.filter(network_id=network_id, merged_into__isnull=True).values_list(
                "pk", flat=True
            )
        )
        goal = min(per_network, missing - written)
        done = 0
        while done < goal:
            rows = []
            while len(rows) < min(BATCH, goal - done):
                row, copy = _request(rng, network_id, others, staff, communes, patients, now, span)
                rows.append(row)
                if copy is not None:
                    rows.append(copy)
            with transaction.atomic():
                bulk_insert(SupportRequest, rows)
            done += len(rows)
            ctx.log(f"  demandes : réseau {network_id}, {done} / {goal}")
        written += done
    record(
        "intake.seed.bulk_created",
        details={"requests": written, "networks": len(networks), "vendor": connection.vendor},
    )
    ctx.log(f"Demandes (régional) : {written} demandes ajoutées.")
    return written
