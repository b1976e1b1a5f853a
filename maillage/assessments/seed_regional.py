"""`seed_demo --scale regional`: signed assessments with their AGGIR result (GIR) for most
enrolments of the last three years, for the reporting benchmark (issue 12).

Bulk path (`bulk_create` by page of enrolments, one summary audit event); no sections or
problems (the indicators count assessments, their dates and the GIR). Never run in tests (a
smoke test runs it on a small database).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from maillage.assessments.instruments.aggir import GIR_LABELS
from maillage.assessments.models import Assessment, InstrumentResult, Place, Status
from maillage.audit import record
from maillage.patients.seed_regional import activity_window, bulk_insert, enrolment_pages

_GIRS = [1] * 5 + [2] * 15 + [3] * 20 + [4] * 30 + [5] * 15 + [6] * 15


def seed_regional(ctx) -> int:
    if Assessment.objects.exists():
        ctx.log("Évaluations (régional) : déjà présentes, rien à ajouter.")
        return 0
    rng = ctx.rng
    today = timezone.localdate()
    written = 0
    for page in enrolment_pages():
        assessments, results = [], []
        for _pk, patient_id, network_id, lead_id, started, closed in page:
            window = activity_window(started, closed, today)
            if window is None or rng.random() > 0.75:
                continue
            dates = [window[0] + datetime.timedelta(days=rng.randint(3, 45))]
            if rng.random() < 0.25:
                dates.append(dates[0] + datetime.timedelta(days=rng.randint(150, 400)))
            for day in dates:
                if day > today:
                    continue
                signed = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))
                assessment = Assessment(
                    network_id=network_id,
                    patient_id=patient_id,
                    assessed_on=day,
                    place=rng.choice([Place.HOME, Place.HOME, Place.PHONE, Place.OFFICE]),
                    status=Status.SIGNED,
                    author_id=lead_id,
                    signed_at=signed,
                    signed_by_id=lead_id,
                )
                assessments.append(assessment)
                gir = rng.choice(_GIRS)
                results.append(
                    InstrumentResult(
                        network_id=network_id,
                        patient_id=patient_id,
                        assessment=assessment,
                        instrument_code="aggir",
                        instrument_version="CASF-2008",
                        is_complete=True,
                        score=Decimal(gir),
                        category=f"gir_{gir}",
                        label=GIR_LABELS[gir],
                        details={"apa_eligible": gir <= 4},
                        status=Status.SIGNED,
                        author_id=lead_id,
                        signed_at=signed,
                        signed_by_id=lead_id,
                    )
                )
        with transaction.atomic():
            bulk_insert(Assessment, assessments, with_pk=True)
            bulk_insert(InstrumentResult, results)
        written += len(assessments)
    record(
        "assessments.seed.bulk_created",
        details={"assessments": written, "vendor": connection.vendor},
    )
    ctx.log(f"Évaluations (régional) : {written} évaluations signées avec leur GIR.")
    return written
