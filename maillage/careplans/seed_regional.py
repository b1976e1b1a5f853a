"""`seed_demo --scale regional`: PPS with their versions (validated, superseded, drafts) for
most enrolments of the last three years, for the reporting benchmark (issue 12).

Bulk path (`bulk_create` by page of enrolments, one summary audit event). Versions carry the
dates and agreements the indicators read (meeting, validation, review due), no plan content.
Never run in tests (a smoke test runs it on a small database).
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from maillage.audit import record
from maillage.careplans.models import Pps, PpsStatus, PpsVersion
from maillage.patients.seed_regional import activity_window, bulk_insert, enrolment_pages


def _version(pps, number, status, lead_id, day, rng):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16)))
    frozen = status in (PpsStatus.VALIDATED, PpsStatus.SUPERSEDED)
    return PpsVersion(
        pps=pps,
        number=number,
        status=status,
        author_id=lead_id,
        meeting_kind="concertation",
        meeting_date=day,
        gir=rng.randint(1, 6),
        review_due=day + datetime.timedelta(days=180) if frozen else None,
        gp_agreed_at=day if frozen else None,
        gp_agreement_role="gp" if frozen else "",
        gp_agreement_means="phone" if frozen else "",
        patient_agreement="agreed" if frozen else "",
        patient_agreement_on=day if frozen else None,
        submitted_at=at if status != PpsStatus.DRAFT else None,
        validated_at=at if frozen else None,
        validated_by_id=lead_id if frozen else None,
    )


def seed_regional(ctx) -> int:
    if Pps.objects.exists():
        ctx.log("PPS (régional) : déjà présents, rien à ajouter.")
        return 0
    rng = ctx.rng
    today = timezone.localdate()
    written = 0
    for page in enrolment_pages():
        plans, versions = [], []
        for pk, patient_id, network_id, lead_id, started, closed in page:
            window = activity_window(started, closed, today)
            if window is None or rng.random() > 0.65:
                continue
            pps = Pps(patient_id=patient_id, enrolment_id=pk, network_id=network_id)
            plans.append(pps)
            first = window[0] + datetime.timedelta(days=rng.randint(10, 90))
            if first > today or rng.random() < 0.1:
                versions.append(_version(pps, 1, PpsStatus.DRAFT, lead_id, min(first, today), rng))
                continue
            review = first + datetime.timedelta(days=rng.randint(150, 260))
            if review <= window[1] and rng.random() < 0.5:
                versions.append(_version(pps, 1, PpsStatus.SUPERSEDED, lead_id, first, rng))
                versions[-1].superseded_at = timezone.make_aware(
                    datetime.datetime.combine(review, datetime.time(16))
                )
                versions.append(_version(pps, 2, PpsStatus.VALIDATED, lead_id, review, rng))
            else:
                versions.append(_version(pps, 1, PpsStatus.VALIDATED, lead_id, first, rng))
        with transaction.atomic():
            bulk_insert(Pps, plans, with_pk=True)
            bulk_insert(PpsVersion, versions)
        written += len(versions)
    record(
        "careplans.seed.bulk_created", details={"versions": written, "vendor": connection.vendor}
    )
    ctx.log(f"PPS (régional) : {written} versions.")
    return written
