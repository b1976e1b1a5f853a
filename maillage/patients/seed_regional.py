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
from maillage.patients.models.enrolment import MANUAL_CLOSURE_REASONS
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


# -- Activity over three years, for the reporting benchmark (issue 12) --------------------------

REGIONAL_JOURNAL_ENTRIES = 2_000_000
YEARS = 3
_KINDS = [
    (JournalKind.CALL, 50, (5, 30)),
    (JournalKind.VISIT, 15, (45, 120)),
    (JournalKind.OFFICE_VISIT, 5, (30, 60)),
    (JournalKind.MEETING, 10, (30, 90)),
    (JournalKind.NOTE, 10, (None, None)),
    (JournalKind.MESSAGE, 10, (5, 20)),
]


def bulk_insert(model, objects, *, with_pk: bool = False) -> None:
    """Inserts model instances fast: COPY on PostgreSQL (no per-statement SQL to build or parse),
    `bulk_create` elsewhere. `with_pk` reserves primary keys from the table's sequence first, for
    rows that others point at (set on the instances, as `bulk_create` does)."""
    objects = list(objects)
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=1_000)
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if with_pk or not f.primary_key]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if with_pk:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objects)],
            )
            for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
                obj.pk = pk
        columns = ", ".join(quote(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                )


def _spread_closures(rng, today) -> None:
    """seed_regional closes enrolments today: spread those closures over the follow-up, with
    every manual reason (one UPDATE on PostgreSQL)."""
    reasons = list(MANUAL_CLOSURE_REASONS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE patients_enrolment SET closed_on = started_on + "
                "((id * 7919) %% GREATEST(%s::date - started_on, 1))::integer, "
                "closed_reason = (%s::varchar[])[1 + id %% %s] "
                "WHERE closed_on = %s AND started_on < %s",
                [today, [str(r) for r in reasons], len(reasons), today, today],
            )
        return
    closures = []
    for pk, started in Enrolment.objects.filter(closed_on=today, started_on__lt=today).values_list(
        "pk", "started_on"
    ):
        closed = started + datetime.timedelta(days=rng.randint(1, (today - started).days))
        closures.append(Enrolment(pk=pk, closed_on=closed, closed_reason=rng.choice(reasons)))
    Enrolment.objects.bulk_update(closures, ["closed_on", "closed_reason"], batch_size=500)


def enrolment_pages(size: int = 10_000, **filters):
    """Every enrolment as a tuple (pk, patient_id, network_id, lead_coordinator_id, started_on,
    closed_on), page by page on the primary key (constant memory, no server-side cursor)."""
    last = 0
    while True:
        page = list(
            Enrolment.objects.filter(pk__gt=last, **filters)
            .order_by("pk")
            .values_list(
                "pk", "patient_id", "network_id", "lead_coordinator_id", "started_on", "closed_on"
            )[:size]
        )
        if not page:
            return
        yield page
        last = page[-1][0]


def activity_window(started_on, closed_on, today):
    """The part of an enrolment that falls in the benchmark's three years (None when empty)."""
    start = max(started_on, today - datetime.timedelta(days=365 * YEARS))
    end = closed_on or today
    return (start, end) if start <= end else None


def seed_regional_journal(ctx, total: int = REGIONAL_JOURNAL_ENTRIES) -> int:
    """Tops the journal up to `total` entries, spread over the followed patients' enrolments in
    the last three years (kinds, durations, a few ruptures), plus a few objections to reuse.
    Streams enrolments by page and writes by batch: memory stays flat."""
    missing = total - JournalEntry.objects.count()
    enrolments = Enrolment.objects.count()
    if missing <= 0 or not enrolments:
        ctx.log("Journal (régional) : rien à ajouter.")
        return 0
    rng = ctx.rng
    today = timezone.localdate()
    reuse = current_wording(ConsentKind.REUSE_OBJECTION)
    per_enrolment = missing / enrolments
    kinds = [k for k, weight, _ in _KINDS for _ in range(weight)]
    durations = {k: span for k, _, span in _KINDS}
    _spread_closures(rng, today)
    written = 0
    for first_pass in (True, False, False):  # more passes only when the draw fell short
        for page in enrolment_pages():
            entries, objections = [], []
            for _pk, patient_id, network_id, lead_id, started, closed in page:
                window = activity_window(started, closed, today)
                if window is None:
                    continue
                days = (window[1] - window[0]).days
                count = int(per_enrolment * 2 * rng.random() + 0.5)
                for _ in range(min(count, missing - written - len(entries))):
                    kind = rng.choice(kinds)
                    low, high = durations[kind]
                    day = window[0] + datetime.timedelta(days=rng.randint(0, days))
                    tag = rng.random()
                    entries.append(
                        JournalEntry(
                            patient_id=patient_id,
                            network_id=network_id,
                            kind=kind,
                            occurred_at=timezone.make_aware(
                                datetime.datetime.combine(
                                    day, datetime.time(8 + rng.randint(0, 10))
                                )
                            ),
                            author_id=lead_id,
                            duration_minutes=rng.randint(low, high) if low else None,
                            rupture_tag="rupture"
                            if tag < 0.01
                            else "unmet_need"
                            if tag < 0.02
                            else "",
                            body="Suivi de coordination (donnée de charge fictive).",
                        )
                    )
                if first_pass and rng.random() < 0.02:
                    objections.append(
                        Consent(
                            patient_id=patient_id,
                            kind=ConsentKind.REUSE_OBJECTION,
                            method="oral",
                            given_on=started,
                            wording_version=reuse.version,
                            wording_hash=reuse.sha256,
                            recorded_by_id=lead_id,
                        )
                    )
            with transaction.atomic():
                bulk_insert(JournalEntry, entries)
                bulk_insert(Consent, objections)
            written += len(entries)
            ctx.log(f"  journal : {written} / {missing}")
            if written >= missing:
                break
        if written >= missing:
            break
    record(
        "patients.seed.journal_bulk_created",
        details={"entries": written, "vendor": connection.vendor},
    )
    ctx.log(f"Journal (régional) : {written} entrées ajoutées.")
    return written
