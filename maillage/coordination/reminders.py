"""Automatic tasks and notifications nobody types: re-assessment due before a PPS review, consent
to collect, review overdue. One scheduled job (`coordination.raise_reminders`) raises them, and
each is idempotent: a task or a notification is keyed by what raised it (`origin` and
`source_uuid`), so a second run creates nothing. Counts only are returned (never names)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from maillage.coordination.models import NotificationKind
from maillage.patients.models import Consent, ConsentKind, Enrolment, Task
from maillage.tasks.schedule import register

REASSESSMENT_ORIGIN = "coordination.reassessment_due"
CONSENT_ORIGIN = "coordination.consent_to_collect"
PPS_REVIEW_ORIGIN = "careplans.pps.review"
# A re-assessment is planned this many days before the PPS review it feeds.
REASSESSMENT_LEAD_DAYS = 30


def _task_once(*, enrolment, origin: str, source_uuid, title: str, due_on, description="") -> bool:
    """A task for the patient's lead coordinator unless one with this origin and source exists
    (done or not). False when it exists or the lead coordinator is no longer in the network."""
    from maillage.coordination.services import task_assign

    if Task.objects.filter(origin=origin, source_uuid=source_uuid).exists():
        return False
    try:
        task_assign(
            actor=None,
            network=enrolment.network,
            assignee=enrolment.lead_coordinator,
            patient=enrolment.patient,
            title=title,
            description=description,
            due_on=due_on,
            origin=origin,
            source_uuid=source_uuid,
        )
    except ValidationError:
        return False
    return True


def _last_withdrawn_sharing():
    return (
        Consent.objects.filter(
            patient=OuterRef("patient"), kind=ConsentKind.SHARING, withdrawn_at__isnull=False
        )
        .order_by("-withdrawn_at")
        .values("public_id")[:1]
    )


def _without_sharing_consent(rows):
    current = Consent.objects.filter(
        patient=OuterRef("patient"), kind=ConsentKind.SHARING, withdrawn_at__isnull=True
    )
    return rows.filter(~Exists(current)).annotate(
        last_withdrawn=Subquery(_last_withdrawn_sharing())
    )


def consent_to_collect_for(enrolment) -> bool:
    """The task "collect the consent to share" for one open enrolment, if the patient has no
    current consent. Keyed by the last withdrawn consent (or the enrolment when there never was
    one), so completing the task without a new consent does not bring it back every night."""
    row = (
        _without_sharing_consent(Enrolment.objects.filter(pk=enrolment.pk))
        .select_related("patient", "network", "lead_coordinator")
        .first()
    )
    if row is None or row.lead_coordinator_id is None:
        return False
    return _task_once(
        enrolment=row,
        origin=CONSENT_ORIGIN,
        source_uuid=row.last_withdrawn or row.public_id,
        title="Recueillir le consentement au partage d'informations",
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )


def consents_to_collect(*, now=None) -> int:
    rows = _without_sharing_consent(
        Enrolment.objects.filter(closed_on__isnull=True, lead_coordinator__isnull=False)
    ).select_related("patient", "network", "lead_coordinator")
    created = 0
    for enrolment in rows.iterator(chunk_size=500):
        key = enrolment.last_withdrawn or enrolment.public_id
        if _task_once(
            enrolment=enrolment,
            origin=CONSENT_ORIGIN,
            source_uuid=key,
            title="Recueillir le consentement au partage d'informations",
            due_on=timezone.localdate(now) + datetime.timedelta(days=7),
        ):
            created += 1
    return created


def reassessments_due(*, now=None) -> int:
    """Before each validated PPS's review date, a multidimensional re-assessment, unless one was
    signed since the PPS was validated. Keyed by the PPS version."""
    from maillage.assessments.models import Assessment
    from maillage.careplans import selectors as careplans
    from maillage.networks.models import Network

    today = timezone.localdate(now)
    created = 0
    for network in Network.objects.all().only("pk"):
        versions = (
            careplans.reviews_due(network, within_days=REASSESSMENT_LEAD_DAYS)
            .annotate(
                reassessed=Exists(
                    Assessment.objects.filter(
                        patient=OuterRef("pps__patient"),
                        signed_at__isnull=False,
                        signed_at__gte=OuterRef("validated_at"),
                    )
                ),
                planned=Exists(
                    Task.objects.filter(
                        origin=REASSESSMENT_ORIGIN, source_uuid=OuterRef("public_id")
                    )
                ),
            )
            .filter(reassessed=False, planned=False)
            .select_related("pps__enrolment__lead_coordinator", "pps__enrolment__network")
        )
        for version in versions:
            enrolment = version.pps.enrolment
            if enrolment.closed_on is not None or enrolment.lead_coordinator_id is None:
                continue
            due = max(today, version.review_due - datetime.timedelta(days=14))
            if _task_once(
                enrolment=enrolment,
                origin=REASSESSMENT_ORIGIN,
                source_uuid=version.public_id,
                title="Réévaluer la situation avant la révision du PPS",
                description=f"Révision du PPS prévue le {version.review_due:%d/%m/%Y}.",
                due_on=due,
            ):
                created += 1
    return created


def reviews_overdue(*, now=None) -> int:
    """A "review overdue" notification to whoever holds a PPS review task past its date, once
    per task."""
    from maillage.coordination.services import notify

    today = timezone.localdate(now)
    late = Task.objects.filter(
        origin=PPS_REVIEW_ORIGIN, done_at__isnull=True, due_on__lt=today
    ).select_related("assignee", "network", "patient")
    raised = 0
    for task in late.iterator(chunk_size=500):
        link = (
            reverse("coordination:timeline", args=[task.patient.public_id])
            if task.patient_id
            else reverse("coordination:my_tasks")
        )
        if notify(
            user=task.assignee,
            network=task.network,
            kind=NotificationKind.REVIEW_OVERDUE,
            patient=task.patient,
            link=link,
            source_uuid=task.public_id,
        ):
            raised += 1
    return raised


@register("coordination.raise_reminders", every_minutes=6 * 60)
def job(*, now=None) -> int:
    return reassessments_due(now=now) + consents_to_collect(now=now) + reviews_overdue(now=now)
