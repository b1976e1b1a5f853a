"""`seed_demo --scale regional`: hospital stays (and readmissions within 30 days) for a quarter
of the enrolments of the last three years, for the reporting benchmark (issue 12).

Bulk path (`bulk_create` by page of enrolments, one summary audit event), all in the demo
hospital. Never run in tests (a smoke test runs it on a small database).
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from maillage.audit import record
from maillage.hospital.models import HospitalStay, StayKind
from maillage.patients.seed_regional import activity_window, bulk_insert, enrolment_pages

_KINDS = [StayKind.EMERGENCY] * 4 + [StayKind.MCO] * 4 + [StayKind.SMR, StayKind.HAD]


def seed_regional(ctx, organisation) -> int:
    if HospitalStay.objects.exists():
        ctx.log("Hôpital (régional) : séjours déjà présents.")
        return 0
    rng = ctx.rng
    today = timezone.localdate()
    written = 0
    for page in enrolment_pages():
        stays = []
        for _pk, patient_id, network_id, lead_id, started, closed in page:
            window = activity_window(started, closed, today)
            if window is None or rng.random() > 0.25:
                continue
            day = window[0] + datetime.timedelta(days=rng.randint(0, 200))
            previous_out = None
            for _ in range(rng.randint(1, 3)):
                if day > window[1]:
                    break
                admitted = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
                out = admitted + datetime.timedelta(days=rng.randint(0, 20))
                stays.append(
                    HospitalStay(
                        patient_id=patient_id,
                        network_id=network_id,
                        organisation=organisation,
                        kind=rng.choice(_KINDS),
                        admitted_at=admitted,
                        discharged_at=out if out.date() <= today else None,
                        reported_by_id=lead_id,
                        is_readmission=previous_out is not None
                        and (admitted - previous_out).days <= 30,
                    )
                )
                previous_out = out
                day = out.date() + datetime.timedelta(days=rng.choice([3, 10, 25, 60, 120]))
        with transaction.atomic():
            bulk_insert(HospitalStay, stays)
        written += len(stays)
    record("hospital.seed.bulk_created", details={"stays": written, "vendor": connection.vendor})
    ctx.log(f"Hôpital (régional) : {written} séjours.")
    return written
