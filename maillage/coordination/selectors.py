"""Reads of the coordination app, each in a bounded number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Func, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from maillage.accounts.models import Membership, Role, User
from maillage.coordination.models import (
    Appointment,
    Message,
    Notification,
    ThreadRead,
    VigilanceNote,
)
from maillage.core.prepared import Param, Prepared, PreparedVariants
from maillage.files.models import StoredFile
from maillage.patients.models import CONTACT_KINDS, Enrolment, JournalEntry, Task
from maillage.patients.permissions import journal_visibility_kind, journal_visibility_of

TIMELINE_PAGE = 50


@dataclass
class TimelinePage:
    entries: list
    next_cursor: str | None


def _timeline_rows(
    patient, visibility: Q, *, kind="", author=None, since=None, until=None, at=None, uid=None
):
    rows = JournalEntry.objects.filter(patient=patient).filter(visibility)
    if kind:
        rows = rows.filter(kind=kind)
    if author is not None:
        rows = rows.filter(author=author)
    if since:
        rows = rows.filter(occurred_at__date__gte=since)
    if until:
        rows = rows.filter(occurred_at__date__lte=until)
    if at is not None:
        rows = rows.filter(Q(occurred_at__lt=at) | Q(occurred_at=at, public_id__lt=uid))
    # Which entries carry a file, in the same query: the files' own query runs only when one
    # does (most pages have none).
    return rows.annotate(
        has_files=Exists(
            StoredFile.objects.filter(
                owner_type="patients.journalentry", owner_public_id=OuterRef("public_id")
            )
        )
    ).order_by("-occurred_at", "-public_id")


def _timeline_page_query(key: tuple):
    visibility_kind, with_cursor, limit = key
    return _timeline_rows(
        Param("patient", JournalEntry, "patient"),
        journal_visibility_of(visibility_kind, Param("me", JournalEntry, "author")),
        at=Param("at", JournalEntry, "occurred_at") if with_cursor else None,
        uid=Param("uid", JournalEntry, "public_id") if with_cursor else None,
    )[:limit]


# The unfiltered pages (the first, and those after a cursor), per kind of reader: compiled once
# (maillage.core.prepared), the same query as _timeline_rows with the reader's values.
_TIMELINE_PAGES = PreparedVariants(_timeline_page_query)


def timeline(
    patient,
    visibility: Q,
    *,
    kind: str = "",
    author=None,
    since=None,
    until=None,
    cursor: str = "",
    size: int = TIMELINE_PAGE,
    authors: dict | None = None,
    access=None,
) -> TimelinePage:
    """Keyset pagination on (occurred_at, id): the page costs the same at entry 20 or 2,000.
    `cursor` is "<iso datetime>~<public_id>" of the last entry shown. `authors` (pk → user), when
    the caller already holds every author of this journal, saves the authors' query. `access`
    (whose journal_visibility `visibility` is), with `authors`, lets an unfiltered page use the
    query compiled once."""
    at = uid = None
    if cursor:
        try:
            at_text, uid = cursor.split("~", 1)
            at = datetime.datetime.fromisoformat(at_text)
        except ValueError:
            at = uid = None
    if access is not None and authors is not None and not (kind or author or since or until):
        values = {"patient": patient.pk, "me": access.user.pk}
        if at is not None:
            values.update(at=at, uid=uid)
        key = (journal_visibility_kind(access), at is not None, size + 1)
        page = _TIMELINE_PAGES[key].list(**values)
    else:
        rows = _timeline_rows(
            patient,
            visibility,
            kind=kind,
            author=author,
            since=since,
            until=until,
            at=at,
            uid=uid,
        )
        if authors is None:
            # No join before the LIMIT: the (patient, occurred_at) index gives the order, the
            # authors come in one more query.
            rows = rows.prefetch_related("author")
        page = list(rows[: size + 1])
    if authors is not None:
        missing = {e.author_id for e in page if e.author_id and e.author_id not in authors}
        if missing:  # an entry written between the caller's query and this one
            authors = {**authors, **{u.pk: u for u in User.objects.filter(pk__in=missing)}}
        for entry in page:
            if entry.author_id is not None:
                entry.author = authors[entry.author_id]
    more = len(page) > size
    page = page[:size]
    files = {}
    with_files = [e.public_id for e in page if e.has_files]
    if with_files:
        for f in StoredFile.objects.filter(
            owner_type="patients.journalentry", owner_public_id__in=with_files
        ).only("public_id", "original_name", "owner_public_id"):
            files.setdefault(f.owner_public_id, []).append(f)
    for entry in page:
        entry.attachments = files.get(entry.public_id, [])
    next_cursor = None
    if more and page:
        last = page[-1]
        next_cursor = f"{last.occurred_at.isoformat()}~{last.public_id}"
    return TimelinePage(page, next_cursor)


def _timeline_authors(patient, visibility: Q):
    return (
        User.objects.filter(
            pk__in=JournalEntry.objects.filter(patient=patient, author__isnull=False)
            .filter(visibility)
            .values("author")
            .distinct()
        )
        .order_by("last_name", "first_name")
        .only("public_id", "first_name", "last_name", "kind")
    )


_TIMELINE_AUTHORS = PreparedVariants(
    lambda kind: _timeline_authors(
        Param("patient", JournalEntry, "patient"),
        journal_visibility_of(kind, Param("me", JournalEntry, "author")),
    )
)


def timeline_authors(patient, access) -> list:
    """Who wrote the entries of `patient`'s journal that `access` may read, by name (compiled
    once per kind of reader)."""
    return _TIMELINE_AUTHORS[journal_visibility_kind(access)].list(
        patient=patient.pk, me=access.user.pk
    )


# Read on every page of a record: compiled once (maillage.core.prepared).
_VIGILANCE_NOTES = Prepared(
    lambda: VigilanceNote.objects.filter(
        patient_id=Param("patient", VigilanceNote, "patient"), ended_at__isnull=True
    ).only("public_id", "text", "created_at")[:10]
)


def vigilance_notes(patient) -> list[VigilanceNote]:
    return _VIGILANCE_NOTES.list(patient=patient.pk)


def _count(rows):
    """A COUNT(*) of `rows` as a scalar subquery (0 when empty)."""
    return Coalesce(
        Subquery(rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]),
        0,
    )


def _coordinator_counts_query():
    user = Param("user", Task, "assignee")
    today = Param("today", Task, "due_on")
    tasks = Task.objects.filter(
        network_id=Param("network", Task, "network"), assignee_id=user, done_at__isnull=True
    )
    return (
        User.objects.filter(pk=user)
        .annotate(
            overdue=_count(tasks.filter(due_on__lt=today)),
            today=_count(tasks.filter(due_on=today)),
            week=_count(
                tasks.filter(due_on__gt=today, due_on__lte=Param("week_end", Task, "due_on"))
            ),
            unread=_count(Notification.objects.filter(user_id=user, read_at__isnull=True)),
        )
        .values("overdue", "today", "week", "unread")[:1]
    )


# On every coordinator's dashboard: compiled once (maillage.core.prepared).
_COORDINATOR_COUNTS = Prepared(_coordinator_counts_query)


def coordinator_counts(user, network, today: datetime.date) -> dict:
    """The coordinator panel's figures in one query: open tasks late, due today and in the
    coming week, and unread notifications."""
    counts = _COORDINATOR_COUNTS.first(
        user=user.pk,
        network=network.pk,
        today=today,
        week_end=today + datetime.timedelta(days=7),
    )
    if counts is None:
        raise User.DoesNotExist
    return counts


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox(user, network=None):
    rows = Notification.objects.filter(user=user)
    if network is not None:
        rows = rows.filter(network=network)
    return rows.select_related("patient").order_by("read_at", "-created_at", "-id")


def thread(patient):
    return (
        Message.objects.filter(patient=patient)
        .select_related("author")
        .order_by("-created_at", "-id")
    )


def attach_message_files(messages: list) -> list:
    files = {}
    for f in StoredFile.objects.filter(
        owner_type="coordination.message", owner_public_id__in=[m.public_id for m in messages]
    ).only("public_id", "original_name", "owner_public_id"):
        files.setdefault(f.owner_public_id, []).append(f)
    for message in messages:
        message.attachments = files.get(message.public_id, [])
    return messages


def unread_threads(user, patients_qs):
    """Patients (from `patients_qs`) whose thread has messages by others newer than the user's
    last read, with the unread count."""
    last_read = ThreadRead.objects.filter(user=user, patient=OuterRef("patient")).values(
        "last_read_at"
    )[:1]
    return (
        Message.objects.filter(patient__in=patients_qs)
        .exclude(author=user)
        .annotate(read=Subquery(last_read))
        .filter(Q(read__isnull=True) | Q(created_at__gt=models_F("read")))
        .values("patient__public_id")
        .annotate(unread=Count("pk"), last=Max("created_at"))
        .order_by("-last")
    )


def models_F(name):
    from django.db.models import F

    return F(name)


def thread_unread_count(user, patient) -> int:
    read = (
        ThreadRead.objects.filter(user=user, patient=patient)
        .values_list("last_read_at", flat=True)
        .first()
    )
    rows = Message.objects.filter(patient=patient).exclude(author=user)
    if read:
        rows = rows.filter(created_at__gt=read)
    return rows.count()


def my_tasks(user, network, today=None) -> dict:
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=7 - today.isoweekday())
    rows = list(
        Task.objects.filter(network=network, assignee=user, done_at__isnull=True)
        .filter(Q(due_on__lte=week_end) | Q(due_on__isnull=True))
        .select_related("patient")
        .order_by("due_on", "-created_at")[:300]
    )
    return {
        "overdue": [t for t in rows if t.due_on and t.due_on < today],
        "today": [t for t in rows if t.due_on == today],
        "week": [t for t in rows if t.due_on and today < t.due_on <= week_end],
        "undated": [t for t in rows if t.due_on is None],
    }


CASELOAD_PATIENT_FIELDS = (
    "patient__public_id",
    "patient__birth_name",
    "patient__used_name",
    "patient__first_names",
    "patient__used_first_name",
)


def _caseload_query(limit: int):
    last_contact = (
        JournalEntry.objects.filter(patient=OuterRef("patient"), kind__in=CONTACT_KINDS)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    next_due = Task.objects.filter(
        patient=OuterRef("patient"), done_at__isnull=True, due_on__isnull=False
    ).order_by("due_on")
    return (
        Enrolment.objects.filter(
            network_id=Param("network", Enrolment, "network"),
            lead_coordinator_id=Param("user", Enrolment, "lead_coordinator"),
            closed_on__isnull=True,
        )
        .select_related("patient")
        .only("patient_id", *CASELOAD_PATIENT_FIELDS)
        .annotate(
            last_contact=Subquery(last_contact),
            next_due_on=Subquery(next_due.values("due_on")[:1]),
            next_due_title=Subquery(next_due.values("title")[:1]),
        )
        .order_by(models_F("last_contact").asc(nulls_first=True))[:limit]
    )


# Per page size, compiled once (maillage.core.prepared).
_CASELOADS = PreparedVariants(_caseload_query)


def caseload(user, network, limit: int = 200) -> list:
    """The coordinator's followed patients with their last contact and next due task, in one
    query (subqueries); only the columns the name needs (no encrypted column is read)."""
    return _CASELOADS[limit].list(network=network.pk, user=user.pk)


def caseloads_per_coordinator(network) -> list:
    memberships = list(
        Membership.objects.filter(network=network, is_active=True, role=Role.COORDINATOR)
        .select_related("user")
        .annotate(
            followed=Count(
                "user__led_enrolments",
                filter=Q(
                    user__led_enrolments__network=network,
                    user__led_enrolments__closed_on__isnull=True,
                ),
            )
        )
        .order_by("user__last_name")
    )
    for m in memberships:
        m.per_fte = round(m.followed / float(m.fte), 1) if m.fte else None
    return memberships


def requests_of_the_day(network, today=None) -> list:
    """Reception: the requests received today (numbers, status; no name), newest first."""
    from maillage.intake.models import SupportRequest

    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(today, datetime.time.min, tzinfo=tz)
    return list(
        SupportRequest.objects.filter(network=network, is_stub=False, received_at__gte=begin)
        .only("public_id", "receipt_number", "status", "channel", "received_at")
        .order_by("-received_at")[:30]
    )


def ruptures_count(network, since) -> int:
    return (
        JournalEntry.objects.filter(network=network, occurred_at__gte=since)
        .exclude(rupture_tag="")
        .count()
    )


def agenda(user, network, start: datetime.date, days: int):
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    end = begin + datetime.timedelta(days=days)
    return list(
        Appointment.objects.filter(
            owner=user, network=network, starts_at__gte=begin, starts_at__lt=end
        )
        .select_related("patient")
        .order_by("starts_at")
    )


__all__ = ["Exists", "Min"]
