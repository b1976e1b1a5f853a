"""`seed_demo --scale regional`: about 200,000 fictional patients for benchmarks.

Written with `bulk_create` in batches (no per-row audit event: one summary event), spread over
every network that has coordinators: identity (half with a declared NIR, encrypted), commune,
an enrolment for most, an agreement to share, a GP for most (when the directory has doctors) and
two journal entries per followed patient. Names come from Faker pools drawn with the seeded
random generator, so two runs give the same population. Never run in tests.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from maillage.access.matrix import readable_categories
from maillage.accounts.models import Membership, Role
from maillage.audit import record
from maillage.core.models import Commune
from maillage.directory.models import Professional
from maillage.networks.models import Network
from maillage.patients import nir
from maillage.patients.models import (
    CareTeamMember,
    Consent,
    ConsentKind,
    Enrolment,
    IdentityStatus,
    JournalEntry,
    JournalKind,
    Patient,
)
from maillage.patients.wordings import current_wording

BATCH = 5_000


def _pools(seed: int) -> dict[str, list[str]]:
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    return {
        "last": [fake.last_name().upper() for _ in range(3_000)],
        "F": [fake.first_name_female() for _ in range(800)],
        "M": [fake.first_name_male() for _ in range(800)],
        "street": [fake.street_address() for _ in range(2_000)],
    }


def _batch(ctx, network, leads, doctors, communes, pools, size: int, offset: int) -> int:
    rng = ctx.rng
    today = timezone.localdate()
    sharing = current_wording(ConsentKind.SHARING)
    patients = []
    for n in range(size):
        sex = rng.choice("FM")
        born = datetime.date(rng.randint(1925, 1985), rng.randint(1, 12), rng.randint(1, 28))
        commune = communes[rng.randrange(len(communes))] if communes else None
        code = commune.insee_code if commune else "44109"
        number = ""
        if rng.random() < 0.5:
            number = nir.build(sex=sex, birth_date=born, place_code=code, serial=offset + n)
        patient = Patient(
            public_id=uuid.uuid4(),
            network=network,
            birth_name=rng.choice(pools["last"]),
            first_names=" ".join(rng.choice(pools[sex]) for _ in range(rng.randint(1, 3))),
            birth_date=born,
            sex=sex,
            birth_insee_code=code,
            birth_country="France",
            identity_status=IdentityStatus.VALIDATED
            if rng.random() < 0.6
            else IdentityStatus.PROVISIONAL,
            declared_nir=number,
            declared_nir_digest=nir.digest(number),
            address=rng.choice(pools["street"]),
            commune=commune,
        )
        if patient.identity_status == IdentityStatus.VALIDATED:
            patient.identity_document = "cni"
        patient.refresh_search_fields()
        patients.append(patient)
    Patient.objects.bulk_create(patients, batch_size=1_000)
    saved = dict(
        Patient.objects.filter(public_id__in=[p.public_id for p in patients]).values_list(
            "public_id", "pk"
        )
    )
    enrolments, consents, members, entries = [], [], [], []
    now = timezone.now()
    for patient in patients:
        patient.pk = saved[patient.public_id]
        if rng.random() > 0.8:
            continue
        started = today - datetime.timedelta(days=rng.randint(1, 1_500))
        closed = rng.random() < 0.35
        enrolments.append(
            Enrolment(
                patient=patient,
                network=network,
                lead_coordinator=rng.choice(leads),
                started_on=started,
                closed_on=today if closed else None,
                closed_reason="stabilised" if closed else "",
            )
        )
        consents.append(
            Consent(
                patient=patient,
                kind=ConsentKind.SHARING,
                method="oral",
                given_on=started,
                wording_version=sharing.version,
                wording_hash=sharing.sha256,
                recorded_by=enrolments[-1].lead_coordinator,
            )
        )
        if doctors and rng.random() < 0.85:
            members.append(
                CareTeamMember(
                    patient=patient,
                    role="gp",
                    professional=rng.choice(doctors),
                    started_on=started,
                    categories=sorted(readable_categories("gp")),
                )
            )
        for days in (rng.randint(0, 300), rng.randint(0, 30)):
            entries.append(
                JournalEntry(
                    patient=patient,
                    network=network,
                    kind=JournalKind.CALL,
                    occurred_at=now - datetime.timedelta(days=days, minutes=rng.randint(0, 600)),
                    author=enrolments[-1].lead_coordinator,
                    body="Point téléphonique de suivi (donnée de charge fictive).",
                )
            )
    Enrolment.objects.bulk_create(enrolments, batch_size=1_000)
    Consent.objects.bulk_create(consents, batch_size=1_000)
    CareTeamMember.objects.bulk_create(members, batch_size=1_000)
    JournalEntry.objects.bulk_create(entries, batch_size=1_000)
    return len(patients)


def seed_regional(ctx, total: int) -> None:
    networks = [
        n
        for n in Network.objects.filter(is_active=True).order_by("pk")
        if Membership.objects.filter(network=n, role=Role.COORDINATOR, is_active=True).exists()
    ]
    if not networks:
        ctx.log("Patients (régional) : aucun réseau avec des coordinateurs, rien à faire.")
        return
    communes = list(Commune.objects.filter(is_current=True, cog_type="COM")[:2_000])
    doctors = list(Professional.objects.filter(is_active=True, profession="Médecin")[:5_000])
    pools = _pools(20261123)
    per_network = total // len(networks)
    written = 0
    for network in networks:
        leads = [
            m.user
            for m in Membership.objects.filter(
                network=network, is_active=True, role__in=[Role.COORDINATOR, Role.MEDICAL_LEAD]
            ).select_related("user")
        ]
        existing = Patient.objects.filter(network=network).count()
        for offset in range(existing, per_network, BATCH):
            size = min(BATCH, per_network - offset)
            # One transaction per batch: a long run can be resumed where it stopped.
            with transaction.atomic():
                written += _batch(ctx, network, leads, doctors, communes, pools, size, offset)
            ctx.log(f"  {network.name} : {offset + size} / {per_network}")
    record(
        "patients.seed.bulk_created",
        details={"patients": written, "networks": len(networks), "vendor": connection.vendor},
    )
    ctx.log(f"Patients (régional) : {written} dossiers ajoutés.")
