"""The pseudonymised patient-level CSV for a study (issue 12 §3), see `docs/study-export.md`.

One row per patient followed by the network during the period (an enrolment overlapping it),
except merged records and patients with a current objection to reuse
(`ConsentKind.REUSE_OBJECTION`). What leaves:

- a pseudonym computed for this export only: HMAC-SHA256 under a key derived from the dedicated
  `PSEUDONYMISATION_KEY` and a fresh random value drawn for the export and never kept, so that
  the same patient has the same pseudonym within one file and unrelated ones in two files; never
  the public id, the NIR or a name;
- codes, counts and months (YYYY-MM) only: no free text, no exact date;
- the place of residence at the commune level only when every (commune, age band, sex) group of
  the file holds at least `K_THRESHOLD` patients; otherwise at the département level when every
  (département, age band, sex) group does; otherwise not at all;
- the medical columns (GIR, hospital stays) only for a role that reads medical data.

`build_rows()` is pure (hand-built records in, rows out): the k-anonymity rule is tested on it.
`collect_records()` reads the database in a few set-based queries.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Min, Q, Sum

K_THRESHOLD = 10
CHUNK = 5_000  # rows fetched at a time: the querysets are streamed, never cached whole
AGE_BANDS = ((0, 59, "moins de 60"), (60, 74, "60-74"), (75, 84, "75-84"), (85, 200, "85 et plus"))
ZONE_COMMUNE, ZONE_DEPARTEMENT, ZONE_SUPPRESSED = "commune", "departement", "supprimee"

COMMON_COLUMNS = [
    "pseudonyme",
    "sexe",
    "tranche_age",
    "zone_niveau",
    "zone_code",
    "thematiques",
    "nb_inclusions_periode",
    "mois_debut_suivi",
    "mois_fin_suivi",
    "motif_fin_suivi",
    "nb_demandes",
    "nb_entrees_journal",
    "minutes_journal",
    "mois_premiere_evaluation",
    "mois_premier_pps_valide",
]
MEDICAL_COLUMNS = ["gir", "nb_sejours_hospitaliers", "nb_rehospitalisations_30j"]


class PseudonymisationKeyMissing(ImproperlyConfigured):
    """Production without PSEUDONYMISATION_KEY: the study export is refused."""


def master_key() -> bytes:
    """The dedicated key (PSEUDONYMISATION_KEY, or PSEUDONYMISATION_KEY_FILE). Development, tests
    and the demo derive one from SECRET_KEY; production must set it (`check --deploy`)."""
    key = getattr(settings, "PSEUDONYMISATION_KEY", "")
    if key:
        return key.encode("utf-8")
    if settings.DEBUG or getattr(settings, "TESTING", False) or settings.MAILLAGE_DEMO:
        return hmac.new(
            settings.SECRET_KEY.encode("utf-8"), b"maillage.pseudonymisation", hashlib.sha256
        ).digest()
    raise PseudonymisationKeyMissing(
        "The environment variable PSEUDONYMISATION_KEY (or PSEUDONYMISATION_KEY_FILE) is required."
    )


def new_export_key() -> bytes:
    """A key for one export: the dedicated key mixed with 32 random bytes that are never kept."""
    return hmac.new(master_key(), secrets.token_bytes(32), hashlib.sha256).digest()


def pseudonym(export_key: bytes, patient_uuid) -> str:
    return hmac.new(export_key, str(patient_uuid).encode("ascii"), hashlib.sha256).hexdigest()[:24]


def age_band(birth_date: datetime.date, on: datetime.date) -> str:
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return next((label for _low, high, label in AGE_BANDS if age <= high), AGE_BANDS[-1][2])


def month(value) -> str:
    """YYYY-MM of a date or datetime (local time), '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date()
    return f"{value:%Y-%m}"


@dataclass(slots=True)
class PatientRecord:
    """What is known of one patient for the file, before pseudonymisation and generalisation."""

    uuid: object
    sex: str
    birth_date: datetime.date
    commune: str | None = None
    departement: str | None = None
    thematics: set[str] = field(default_factory=set)
    enrolments: int = 0
    follow_start: datetime.date | None = None
    follow_end: datetime.date | None = None
    end_reason: str = ""
    requests: int = 0
    journal_entries: int = 0
    journal_minutes: int = 0
    first_assessment: datetime.date | None = None
    first_validated_pps: datetime.datetime | None = None
    gir: int | None = None
    stays: int = 0
    readmissions: int = 0


@dataclass
class StudyFile:
    header: list[str]
    rows: list[list]
    zone_level: str


def zone_level(records: list[PatientRecord], on: datetime.date, k: int = K_THRESHOLD) -> str:
    """The finest place level at which every (place, age band, sex) group holds k patients."""
    for level, attr in ((ZONE_COMMUNE, "commune"), (ZONE_DEPARTEMENT, "departement")):
        groups = Counter((getattr(r, attr), age_band(r.birth_date, on), r.sex) for r in records)
        if all(size >= k for size in groups.values()):
            return level
    return ZONE_SUPPRESSED


def build_rows(
    records: list[PatientRecord],
    *,
    on: datetime.date,
    export_key: bytes,
    medical: bool,
    k: int = K_THRESHOLD,
) -> StudyFile:
    """The file's rows (sorted by pseudonym, so that the order tells nothing either)."""
    level = zone_level(records, on, k) if records else ZONE_SUPPRESSED
    header = COMMON_COLUMNS + (MEDICAL_COLUMNS if medical else [])
    rows = []
    for r in records:
        zone = {ZONE_COMMUNE: r.commune, ZONE_DEPARTEMENT: r.departement}.get(level) or ""
        row = [
            pseudonym(export_key, r.uuid),
            r.sex,
            age_band(r.birth_date, on),
            level,
            zone,
            "|".join(sorted(r.thematics)),
            r.enrolments,
            month(r.follow_start),
            month(r.follow_end),
            r.end_reason,
            r.requests,
            r.journal_entries,
            r.journal_minutes,
            month(r.first_assessment),
            month(r.first_validated_pps),
        ]
        if medical:
            row += ["" if r.gir is None else r.gir, r.stays, r.readmissions]
        rows.append(row)
    rows.sort(key=lambda row: row[0])
    return StudyFile(header=header, rows=rows, zone_level=level)


def collect_records(network, start: datetime.date, end: datetime.date, *, medical: bool):
    """Patients of `network` followed during [start, end] (inclusive), objectors to reuse and
    merged records left out, with their activity in the period. A few set-based queries."""
    from maillage.assessments.models import Assessment, InstrumentResult
    from maillage.careplans.models import PpsVersion
    from maillage.intake.models import SupportRequest
    from maillage.patients.models import ConsentKind, Enrolment, JournalEntry, Patient

    objectors = Patient.objects.filter(
        network=network,
        consents__kind=ConsentKind.REUSE_OBJECTION,
        consents__withdrawn_at__isnull=True,
    ).values("pk")
    followed = (
        Enrolment.objects.filter(network=network, started_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .filter(patient__merged_into__isnull=True)
        .exclude(patient__in=objectors)
    )
    enrolments = followed.order_by("started_on", "pk").values_list(
        "pk", "patient_id", "started_on", "closed_on", "closed_reason"
    )
    records: dict[int, PatientRecord] = {}
    by_enrolment: dict[int, PatientRecord] = {}
    pending: dict[int, list] = defaultdict(list)
    for pk, patient_id, started, closed, reason in enrolments.iterator(chunk_size=CHUNK):
        pending[patient_id].append((pk, started, closed, reason))
    patients = Patient.objects.filter(pk__in=followed.values("patient_id")).values_list(
        "pk", "public_id", "sex", "birth_date", "commune_id", "commune__departement"
    )
    for pk, uuid, sex, born, commune, departement in patients.iterator(chunk_size=CHUNK):
        record = records[pk] = PatientRecord(
            uuid=uuid, sex=sex, birth_date=born, commune=commune, departement=departement or None
        )
        periods = pending[pk]
        record.enrolments = len(periods)
        record.follow_start = periods[0][1]
        last = periods[-1]
        if last[2] is not None and last[2] <= end:
            record.follow_end, record.end_reason = last[2], last[3]
        for enrolment_pk, *_ in periods:
            by_enrolment[enrolment_pk] = record
    if not records:
        return []
    through = Enrolment.thematics.through.objects.filter(enrolment__in=followed.values("pk"))
    for enrolment_id, code in through.values_list("enrolment_id", "thematic__code").iterator(
        chunk_size=CHUNK
    ):
        by_enrolment[enrolment_id].thematics.add(code)

    def per_patient(queryset, patient_field="patient_id"):
        rows = queryset.iterator(chunk_size=CHUNK)
        return ((row[patient_field], row) for row in rows if row[patient_field] in records)

    requests = (
        SupportRequest.objects.filter(
            network=network, received_at__date__gte=start, received_at__date__lte=end
        )
        .exclude(patient=None)
        .values("patient_id")
        .annotate(n=Count("pk"))
    )
    for patient_id, row in per_patient(requests):
        records[patient_id].requests = row["n"]
    journal = (
        JournalEntry.objects.filter(
            network=network, occurred_at__date__gte=start, occurred_at__date__lte=end
        )
        .values("patient_id")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    )
    for patient_id, row in per_patient(journal):
        records[patient_id].journal_entries = row["n"]
        records[patient_id].journal_minutes = row["minutes"] or 0
    assessments = (
        Assessment.objects.filter(
            network=network, status="signed", assessed_on__gte=start, assessed_on__lte=end
        )
        .values("patient_id")
        .annotate(first=Min("assessed_on"))
    )
    for patient_id, row in per_patient(assessments):
        records[patient_id].first_assessment = row["first"]
    versions = (
        PpsVersion.objects.filter(
            pps__network=network,
            validated_at__isnull=False,
            validated_at__date__gte=start,
            validated_at__date__lte=end,
        )
        .values("pps__patient_id")
        .annotate(first=Min("validated_at"))
    )
    for patient_id, row in per_patient(versions, "pps__patient_id"):
        records[patient_id].first_validated_pps = row["first"]
    if medical:
        from maillage.hospital.models import HospitalStay

        girs = (
            InstrumentResult.objects.filter(
                network=network,
                instrument_code="aggir",
                status="signed",
                signed_at__date__gte=start,
                signed_at__date__lte=end,
            )
            .order_by("signed_at", "pk")
            .values("patient_id", "category")
        )
        for patient_id, row in per_patient(girs):  # the latest of the period wins
            records[patient_id].gir = int(row["category"].removeprefix("gir_"))
        stays = (
            HospitalStay.objects.filter(
                network=network, admitted_at__date__gte=start, admitted_at__date__lte=end
            )
            .values("patient_id")
            .annotate(n=Count("pk"), readmissions=Count("pk", filter=Q(is_readmission=True)))
        )
        for patient_id, row in per_patient(stays):
            records[patient_id].stays = row["n"]
            records[patient_id].readmissions = row["readmissions"]
    return list(records.values())


def build_study_file(network, start, end, *, medical: bool) -> StudyFile:
    """Reads, pseudonymises with a fresh export key and generalises: the whole export."""
    records = collect_records(network, start, end, medical=medical)
    return build_rows(records, on=end, export_key=new_export_key(), medical=medical)
