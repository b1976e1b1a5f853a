"""Activity indicators for the ARS, computed from the work already recorded (never a second entry).

`compute_indicators(networks=, start=, end=, thematic=)` returns one JSON-serialisable dict; every
key is defined in `docs/indicators.md`. Each section is one or a few set-based queries
(aggregate / annotate / values + Count with filters); medians and 90th percentiles are computed by
PostgreSQL (`percentile_cont`), with an exact fallback on SQLite that fetches only the numbers.
Nothing here loops over patients in Python.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

SCHEMA_VERSION = 1

# Origin groups of the issue, mapped from the requester quality recorded at intake.
ORIGIN_GROUPS: dict[str, tuple[str, ...]] = {
    "gp": ("gp",),
    "primary_care": ("specialist", "nurse", "pharmacist"),
    "hospital": ("hospital", "hospital_sw"),
    "medico_social": (),
    "social_services": ("social_service",),
    "patient": ("patient",),
    "family": ("family",),
    "other": ("other",),
}
ORIGIN_LABELS = {
    "gp": "Médecin généraliste",
    "primary_care": "Autres professionnels de ville",
    "hospital": "Établissement de santé",
    "medico_social": "Médico-social",
    "social_services": "Services sociaux",
    "patient": "La personne elle-même",
    "family": "Famille, proche",
    "other": "Autre",
}
# Request status → outcome key (statuses still open are "pending").
OUTCOMES: dict[str, tuple[str, ...]] = {
    "information_orientation": ("answered",),
    "punctual_support": ("punctual",),
    "accompaniment": ("enrolled",),
    "accepted_not_enrolled": ("accepted",),
    "forwarded": ("forwarded",),
    "refused": ("refused",),
    "pending": ("received", "qualifying"),
}
OUTCOME_LABELS = {
    "information_orientation": "Information, orientation (niveau 1)",
    "punctual_support": "Appui ponctuel",
    "accompaniment": "Accompagnement (inclusion)",
    "accepted_not_enrolled": "Acceptée, inclusion à faire",
    "forwarded": "Transmise à un autre réseau",
    "refused": "Refusée",
    "pending": "En cours de traitement",
}
AGE_BANDS: list[tuple[str, int | None, int | None]] = [
    ("0_17", None, 17),
    ("18_59", 18, 59),
    ("60_74", 60, 74),
    ("75_84", 75, 84),
    ("85_plus", 85, None),
]
AGE_BAND_LABELS = {
    "0_17": "Moins de 18 ans",
    "18_59": "18 à 59 ans",
    "60_74": "60 à 74 ans",
    "75_84": "75 à 84 ans",
    "85_plus": "85 ans et plus",
}
DELAYS = [
    ("request_to_first_contact", "Demande → premier contact"),
    ("first_contact_to_decision", "Premier contact → décision"),
    ("decision_to_first_assessment", "Décision → première évaluation"),
    ("first_assessment_to_first_validated_pps", "Première évaluation → premier PPS validé"),
    ("request_to_first_validated_pps", "Demande → premier PPS validé"),
]
# Care-team end reasons that mean the member never really took part.
CARE_TEAM_VOID_END_REASONS = ("error", "merged")


# --- SQL helpers -----------------------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from the first date to the second (`end - start`), both DATE expressions."""

    output_field = IntegerField()

    def __init__(self, start, end, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "postgresql":
            return f"(({end_sql})::date - ({start_sql})::date)", [*end_params, *start_params]
        return (
            f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)",
            [*end_params, *start_params],
        )


def _percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks: the same as PostgreSQL's percentile_cont."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _round(value, digits: int = 1):
    if value is None:
        return None
    return round(float(value), digits)


def _distributions(queryset: QuerySet, expressions: dict[str, object]) -> dict[str, dict]:
    """{name: {n, median_days, p90_days}} for each day-count expression over `queryset`;
    negative values (inconsistent dates) are left out. One aggregate query on PostgreSQL; on
    SQLite one query fetching the numbers only."""
    result: dict[str, dict] = {}
    with_days = queryset.annotate(**{f"_{n}": e for n, e in expressions.items()})
    if connection.vendor == "postgresql":
        # The day counts are computed once per row in an inner query, then filtered (negative
        # counts out) and aggregated outside: inlined into the aggregates, each correlated
        # subquery (first assessment, first validated PPS) would run once per use.
        inner_sql, params = (
            with_days.order_by().values(*[f"_{n}" for n in expressions]).query.sql_with_params()
        )
        columns = []
        for name in expressions:
            column = connection.ops.quote_name(f"_{name}")
            kept = f"FILTER (WHERE {column} >= 0)"
            columns += [
                f"COUNT({column}) {kept}",
                f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {column}) {kept}",
                f"percentile_cont(0.9) WITHIN GROUP (ORDER BY {column}) {kept}",
            ]
        with connection.cursor() as cursor:
            # Only quoted names of our own expressions and Django's compiled, parametrised SQL.
            # OFFSET 0 keeps PostgreSQL from pulling the inner query up (and the subqueries
            # back into every aggregate).
            sql = f"SELECT {', '.join(columns)} FROM ({inner_sql} OFFSET 0) AS days"  # noqa: S608
            cursor.execute(sql, params)
            row = cursor.fetchone()
        for index, name in enumerate(expressions):
            n, median, p90 = row[3 * index : 3 * index + 3]
            result[name] = {"n": n, "median_days": _round(median), "p90_days": _round(p90)}
        return result
    names = list(expressions)
    columns: dict[str, list[float]] = {name: [] for name in names}
    for values in with_days.values_list(*[f"_{n}" for n in names]):
        for name, value in zip(names, values, strict=True):
            if value is not None and value >= 0:
                columns[name].append(value)
    for name in names:
        result[name] = {
            "n": len(columns[name]),
            "median_days": _round(_percentile(columns[name], 0.5)),
            "p90_days": _round(_percentile(columns[name], 0.9)),
        }
    return result


def _bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    low = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    high = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz
    )
    return low, high


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _counts(rows, key: str, keys: Iterable[str] | None = None, count: str = "n") -> dict:
    found = {(row[key] if row[key] not in (None, "") else "unknown"): row[count] for row in rows}
    if keys is None:
        return dict(sorted(found.items()))
    out = {k: found.pop(k, 0) for k in keys}
    out.update(found)
    return out


def _money(value) -> float:
    return float((value or Decimal("0")).quantize(Decimal("0.01")))


# --- the report ------------------------------------------------------------------------------


class Scope:
    """The networks, period and optional thematic of one report, and the base querysets."""

    def __init__(self, networks, start, end, thematic):
        from maillage.networks.models import Network, Thematic

        if isinstance(networks, QuerySet):
            self.network_list = list(networks.order_by("slug"))
        else:
            self.network_list = sorted(networks, key=lambda n: n.slug)
        self.network_ids = [n.pk for n in self.network_list]
        self.start = start
        self.end = end
        self.low, self.high = _bounds(start, end)
        if isinstance(thematic, str):
            thematic = Thematic.objects.filter(code=thematic).first() if thematic else None
        self.thematic = thematic
        self.Network = Network

    def patients(self):
        """Records that may feed statistics: the networks' records, merged-away records and
        current reuse objections left out; with a thematic, only patients with an enrolment of
        that thematic overlapping the period."""
        from maillage.patients.models import Consent, Enrolment, Patient
        from maillage.patients.models.consent import ConsentKind

        objected = Consent.objects.filter(
            patient=OuterRef("pk"), kind=ConsentKind.REUSE_OBJECTION, withdrawn_at__isnull=True
        )
        qs = Patient.objects.filter(
            network_id__in=self.network_ids, merged_into__isnull=True
        ).exclude(Exists(objected))
        if self.thematic is not None:
            qs = qs.filter(
                Exists(
                    Enrolment.objects.filter(
                        patient=OuterRef("pk"), thematics=self.thematic
                    ).filter(self.enrolment_overlaps())
                )
            )
        return qs

    def patient_ids(self):
        return self.patients().values("pk")

    def enrolment_overlaps(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}started_on__lte": self.end}) & (
            Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gte": self.start})
        )

    def in_period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.low, f"{field}__lt": self.high})

    def days_in_period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})


def compute_indicators(
    *, networks, start: datetime.date, end: datetime.date, thematic=None
) -> dict:
    """Every indicator of `docs/indicators.md` for `networks` over [start, end] (both days
    included), optionally for one thematic (a `Thematic` or its code)."""
    if end < start:
        raise ValueError("La fin de la période précède son début.")
    scope = Scope(networks, start, end, thematic)
    data = {
        "meta": {
            "schema_version": SCHEMA_VERSION,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "networks": [{"slug": n.slug, "name": n.name} for n in scope.network_list],
            "thematic": scope.thematic.code if scope.thematic is not None else None,
            "time_zone": timezone.get_current_timezone_name(),
        },
        "requests": _requests(scope),
        "ruptures": _ruptures(scope),
    }
    data["file_active"] = _file_active(scope)
    data["enrolments"] = _enrolments(scope)
    data["delays"] = _delays(scope)
    data["follow_up"] = _follow_up(scope)
    data["pps"] = _pps(scope)
    data["patients"] = _patients(scope)
    data["hospital"] = _hospital(scope)
    data["journal"] = _journal(scope)
    data["supportcare"] = _supportcare(scope)
    data["training"] = _training(scope)
    data["professionals"] = _professionals(scope)
    data["meta"]["empty"] = not (
        data["requests"]["total"]
        or data["file_active"]["patients"]
        or data["enrolments"]["closed"]
        or data["training"]["events"]
        or data["supportcare"]["sessions_held"]
    )
    return data


def _requests_qs(scope: Scope):
    from maillage.intake.models import SupportRequest

    qs = SupportRequest.all_objects.filter(network_id__in=scope.network_ids).filter(
        scope.in_period("received_at")
    )
    if scope.thematic is not None:
        # A stub has lost its thematics: it is counted with the thematic it had at receipt only
        # when it still carries it, so stubs fall out of a thematic report.
        qs = qs.filter(thematics=scope.thematic)
    return qs


def _requests(scope: Scope) -> dict:
    from maillage.intake.models import REASONS, Channel, RequesterQuality

    qs = _requests_qs(scope)
    aggregates: dict[str, object] = {
        "total": Count("pk"),
        "received_by_forward": Count("pk", filter=Q(forwarded_from__isnull=False)),
    }
    for key, qualities in ORIGIN_GROUPS.items():
        aggregates[f"origin__{key}"] = Count("pk", filter=Q(requester_quality__in=qualities))
    for code in Channel.values:
        aggregates[f"channel__{code}"] = Count("pk", filter=Q(channel=code))
    for code, _label in REASONS:
        aggregates[f"reason__{code}"] = Count("pk", filter=Q(reasons__icontains=f'"{code}"'))
    for key, statuses in OUTCOMES.items():
        aggregates[f"outcome__{key}"] = Count("pk", filter=Q(status__in=statuses))
    for code in RequesterQuality.values:
        aggregates[f"quality__{code}"] = Count("pk", filter=Q(requester_quality=code))
    row = qs.aggregate(**aggregates)

    def group(prefix):
        return {k.split("__", 1)[1]: v for k, v in row.items() if k.startswith(prefix + "__")}

    return {
        "total": row["total"],
        "first_hand": row["total"] - row["received_by_forward"],
        "received_by_forward": row["received_by_forward"],
        "by_origin": group("origin"),
        "by_requester_quality": group("quality"),
        "by_channel": group("channel"),
        "by_reason": group("reason"),
        "by_outcome": group("outcome"),
    }


def _ruptures(scope: Scope) -> dict:
    req = _requests_qs(scope).aggregate(
        rupture=Count("pk", filter=Q(rupture_tag="rupture")),
        unmet_need=Count("pk", filter=Q(rupture_tag="unmet_need")),
    )
    journal = (
        _journal_qs(scope)
        .filter(~Q(rupture_tag=""))
        .aggregate(
            rupture=Count("pk", filter=Q(rupture_tag="rupture")),
            unmet_need=Count("pk", filter=Q(rupture_tag="unmet_need")),
        )
    )
    return {
        "requests": req,
        "journal": journal,
        "total": {k: req[k] + journal[k] for k in ("rupture", "unmet_need")},
    }


def _journal_qs(scope: Scope):
    """Journal entries of the period: an entry that was corrected gives way to its correction."""
    from maillage.patients.models import JournalEntry

    corrected = JournalEntry.objects.filter(corrects=OuterRef("pk"))
    return (
        JournalEntry.objects.filter(network_id__in=scope.network_ids)
        .filter(scope.in_period("occurred_at"))
        .filter(patient_id__in=scope.patient_ids())
        .exclude(Exists(corrected))
    )


def _active_patients(scope: Scope):
    """File active: patients with a manual journal entry, a signed assessment or the start of
    an enrolment in the period."""
    from maillage.assessments.models import Assessment
    from maillage.patients.models import Enrolment, JournalEntry
    from maillage.patients.models.journal import JournalKind

    journal = JournalEntry.objects.filter(patient=OuterRef("pk")).exclude(kind=JournalKind.EVENT)
    journal = journal.filter(scope.in_period("occurred_at"))
    assessed = Assessment.objects.filter(patient=OuterRef("pk"), status="signed").filter(
        scope.days_in_period("assessed_on")
    )
    enrolled = Enrolment.objects.filter(patient=OuterRef("pk")).filter(
        scope.days_in_period("started_on")
    )
    return scope.patients().filter(Exists(journal) | Exists(assessed) | Exists(enrolled))


def _file_active(scope: Scope) -> dict:
    from maillage.accounts.models import Membership, User
    from maillage.patients.models import Enrolment

    active = _active_patients(scope)
    total = active.count()
    per_coordinator = list(
        Enrolment.objects.filter(network_id__in=scope.network_ids)
        .filter(scope.enrolment_overlaps())
        .filter(patient_id__in=active.values("pk"))
        .values("lead_coordinator")
        .annotate(n=Count("patient", distinct=True))
        .order_by("lead_coordinator")
    )
    memberships = (
        Membership.objects.filter(
            network_id__in=scope.network_ids, role="coordinator", is_active=True
        )
        .values("user")
        .annotate(fte=Sum("fte"))
    )
    fte_by_user = {m["user"]: m["fte"] for m in memberships}
    user_ids = {row["lead_coordinator"] for row in per_coordinator} | set(fte_by_user)
    users = {
        u.pk: u for u in User.objects.filter(pk__in=user_ids).only("pk", "first_name", "last_name")
    }
    total_fte = sum((fte_by_user.values()), Decimal("0"))
    rows = []
    for row in per_coordinator:
        user = users.get(row["lead_coordinator"])
        fte = fte_by_user.get(row["lead_coordinator"])
        rows.append(
            {
                "coordinator": str(user.public_id) if user is not None else None,
                "label": f"{user.first_name} {user.last_name}".strip() if user else "",
                "fte": float(fte) if fte is not None else None,
                "patients": row["n"],
                "patients_per_fte": _round(row["n"] / fte) if fte else None,
            }
        )
    rows.sort(key=lambda r: (-r["patients"], r["label"]))
    return {
        "patients": total,
        "coordinator_fte": float(total_fte),
        "patients_per_coordinator_fte": _round(total / total_fte) if total_fte else None,
        "by_coordinator": rows,
    }


def _enrolments(scope: Scope) -> dict:
    from maillage.patients.models import Enrolment
    from maillage.patients.models.enrolment import ClosureReason

    base = Enrolment.objects.filter(network_id__in=scope.network_ids).filter(
        patient_id__in=scope.patient_ids()
    )
    if scope.thematic is not None:
        base = base.filter(thematics=scope.thematic)
    earlier = Enrolment.objects.filter(
        patient=OuterRef("patient"), started_on__lt=OuterRef("started_on")
    )
    aggregates = {
        "new": Count("pk", filter=scope.days_in_period("started_on")),
        "re_enrolments": Count("pk", filter=scope.days_in_period("started_on") & Q(_earlier=True)),
        "closed": Count("pk", filter=scope.days_in_period("closed_on")),
        "open_at_end": Count(
            "pk",
            filter=Q(started_on__lte=scope.end)
            & (Q(closed_on__isnull=True) | Q(closed_on__gt=scope.end)),
        ),
    }
    for code in ClosureReason.values:
        aggregates[f"closure__{code}"] = Count(
            "pk", filter=scope.days_in_period("closed_on") & Q(closed_reason=code)
        )
    row = base.annotate(_earlier=Exists(earlier)).aggregate(**aggregates)
    return {
        "new": row["new"],
        "first_enrolments": row["new"] - row["re_enrolments"],
        "re_enrolments": row["re_enrolments"],
        "closed": row["closed"],
        "closures_by_reason": {
            k.split("__", 1)[1]: v for k, v in row.items() if k.startswith("closure__")
        },
        "open_at_end": row["open_at_end"],
    }


def _delays(scope: Scope) -> dict:
    from maillage.assessments.models import Assessment
    from maillage.careplans.models import PpsVersion

    qs = (
        _requests_qs(scope)
        .filter(is_stub=False)
        .annotate(
            _d_received=TruncDate("received_at"),
            _d_contact=TruncDate("first_contact_at"),
            _d_decision=TruncDate("decided_at"),
        )
    )
    first_assessment = (
        Assessment.objects.filter(
            patient=OuterRef("patient"),
            status="signed",
            assessed_on__gte=OuterRef("_d_decision"),
        )
        .order_by()
        .values("patient")
        .annotate(first=Min("assessed_on"))
        .values("first")
    )
    first_pps = (
        PpsVersion.objects.filter(
            pps__patient=OuterRef("patient"),
            validated_at__isnull=False,
            validated_at__gte=OuterRef("decided_at"),
        )
        .order_by()
        .values("pps__patient")
        .annotate(first=Min("validated_at"))
        .values("first")
    )
    qs = qs.annotate(
        _d_assessment=Subquery(first_assessment),
        _d_pps=TruncDate(Subquery(first_pps)),
    )
    return _distributions(
        qs,
        {
            "request_to_first_contact": DaysBetween(F("_d_received"), F("_d_contact")),
            "first_contact_to_decision": DaysBetween(F("_d_contact"), F("_d_decision")),
            "decision_to_first_assessment": DaysBetween(F("_d_decision"), F("_d_assessment")),
            "first_assessment_to_first_validated_pps": DaysBetween(F("_d_assessment"), F("_d_pps")),
            "request_to_first_validated_pps": DaysBetween(F("_d_received"), F("_d_pps")),
        },
    )


def _follow_up(scope: Scope) -> dict:
    from maillage.patients.models import Enrolment

    closed = (
        Enrolment.objects.filter(network_id__in=scope.network_ids)
        .filter(patient_id__in=scope.patient_ids())
        .filter(scope.days_in_period("closed_on"))
    )
    if scope.thematic is not None:
        closed = closed.filter(thematics=scope.thematic)
    found = _distributions(
        closed, {"closed_enrolments": DaysBetween(F("started_on"), F("closed_on"))}
    )
    return found["closed_enrolments"]


def _pps(scope: Scope) -> dict:
    from maillage.careplans.models import Pps, PpsVersion

    patients = scope.patient_ids()
    written = (
        Pps.objects.filter(network_id__in=scope.network_ids, patient_id__in=patients)
        .filter(scope.in_period("created_at"))
        .count()
    )
    versions = PpsVersion.objects.filter(
        pps__network_id__in=scope.network_ids, pps__patient_id__in=patients
    )
    later_on_time = PpsVersion.objects.filter(
        pps=OuterRef("pps"),
        number__gt=OuterRef("number"),
        validated_at__isnull=False,
        validated_at__date__lte=OuterRef("review_due"),
    )
    later_any = PpsVersion.objects.filter(
        pps=OuterRef("pps"), number__gt=OuterRef("number"), validated_at__isnull=False
    )
    row = versions.annotate(_on_time=Exists(later_on_time), _later=Exists(later_any)).aggregate(
        n_validated=Count("pk", filter=scope.in_period("validated_at")),
        n_first_validated=Count(
            "pps", distinct=True, filter=scope.in_period("validated_at") & Q(number=1)
        ),
        n_review_due=Count(
            "pk", filter=Q(validated_at__isnull=False) & scope.days_in_period("review_due")
        ),
        n_reviewed_on_time=Count(
            "pk",
            filter=Q(validated_at__isnull=False, _on_time=True)
            & scope.days_in_period("review_due"),
        ),
        n_reviewed_late=Count(
            "pk",
            filter=Q(validated_at__isnull=False, _on_time=False, _later=True)
            & scope.days_in_period("review_due"),
        ),
    )
    due = row["n_review_due"]
    return {
        "written": written,
        "validated_versions": row["n_validated"],
        "first_versions_validated": row["n_first_validated"],
        "review_due": due,
        "reviewed_on_time": row["n_reviewed_on_time"],
        "reviewed_late": row["n_reviewed_late"],
        "not_reviewed": due - row["n_reviewed_on_time"] - row["n_reviewed_late"],
        "reviewed_on_time_rate": _round(100 * row["n_reviewed_on_time"] / due) if due else None,
    }


def _patients(scope: Scope) -> dict:
    from maillage.assessments.models import InstrumentResult
    from maillage.networks.models import Thematic
    from maillage.patients.models import Enrolment

    active = _active_patients(scope)
    whens = []
    for key, low, high in AGE_BANDS:
        condition = Q()
        if low is not None:  # at least `low` years old on the last day
            condition &= Q(birth_date__lte=_years_before(scope.end, low))
        if high is not None:  # younger than high + 1
            condition &= Q(birth_date__gt=_years_before(scope.end, high + 1))
        whens.append(When(condition, then=Value(key)))
    by_age = active.annotate(_band=Case(*whens, default=Value("unknown"))).values("_band")
    by_age = by_age.annotate(n=Count("pk")).order_by()
    by_sex = active.values("sex").annotate(n=Count("pk")).order_by()
    by_commune = active.values("commune_id", "commune__name").annotate(n=Count("pk")).order_by("-n")
    gir = (
        InstrumentResult.objects.filter(
            patient=OuterRef("pk"),
            instrument_code__iexact="aggir",
            status="signed",
            corrected_by__isnull=True,
            signed_at__lt=scope.high,
        )
        .order_by("-signed_at", "-id")
        .values("category")[:1]
    )
    by_gir = (
        active.annotate(_gir=Coalesce(Subquery(gir), Value("")))
        .values("_gir")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_thematic = (
        Enrolment.objects.filter(patient_id__in=active.values("pk"))
        .filter(scope.enrolment_overlaps())
        .values("thematics__code")
        .annotate(n=Count("patient", distinct=True))
        .order_by()
    )
    thematic_labels = dict(Thematic.objects.values_list("code", "label"))
    return {
        "total": sum(r["n"] for r in by_sex),
        "by_age_band": _counts(by_age, "_band", [b[0] for b in AGE_BANDS]),
        "by_sex": _counts(by_sex, "sex", ["F", "M"]),
        "by_commune": [
            {
                "insee_code": r["commune_id"] or "",
                "name": r["commune__name"] or "Commune non renseignée",
                "patients": r["n"],
            }
            for r in by_commune
        ],
        "by_thematic": _counts(by_thematic, "thematics__code"),
        "thematic_labels": thematic_labels,
        "by_gir": _counts(by_gir, "_gir", [f"gir_{i}" for i in range(1, 7)]),
    }


def _hospital(scope: Scope) -> dict:
    from maillage.hospital.models import HospitalStay, StayKind

    qs = (
        HospitalStay.objects.filter(network_id__in=scope.network_ids)
        .filter(patient_id__in=scope.patient_ids())
        .filter(scope.in_period("admitted_at"))
    )
    aggregates = {
        "stays": Count("pk"),
        "patients": Count("patient", distinct=True),
        "readmissions": Count("pk", filter=Q(is_readmission=True)),
        "readmitted_patients": Count("patient", distinct=True, filter=Q(is_readmission=True)),
    }
    for code in StayKind.values:
        aggregates[f"kind__{code}"] = Count("pk", filter=Q(kind=code))
    row = qs.aggregate(**aggregates)
    return {
        "stays": row["stays"],
        "patients": row["patients"],
        "readmissions_30d": row["readmissions"],
        "readmitted_patients": row["readmitted_patients"],
        "readmission_rate": _round(100 * row["readmissions"] / row["stays"])
        if row["stays"]
        else None,
        "by_kind": {k.split("__", 1)[1]: v for k, v in row.items() if k.startswith("kind__")},
    }


def _journal(scope: Scope) -> dict:
    from maillage.patients.models.journal import CONTACT_KINDS, JournalKind

    rows = (
        _journal_qs(scope)
        .values("kind")
        .annotate(n=Count("pk"), minutes=Coalesce(Sum("duration_minutes"), 0))
        .order_by()
    )
    by_kind = {k: {"entries": 0, "minutes": 0} for k in JournalKind.values}
    for row in rows:
        by_kind[row["kind"]] = {"entries": row["n"], "minutes": row["minutes"]}
    return {
        "entries": sum(v["entries"] for v in by_kind.values()),
        "minutes": sum(v["minutes"] for v in by_kind.values()),
        # Calls, home and office visits, meetings, letters: not notes nor automatic events.
        "contacts": sum(by_kind[k]["entries"] for k in CONTACT_KINDS),
        "by_kind": by_kind,
    }


def _supportcare(scope: Scope) -> dict:
    from maillage.supportcare.models import (
        FundingLine,
        SupportCareReferral,
        SupportSession,
    )
    from maillage.supportcare.models.choices import SupportKind
    from maillage.supportcare.models.referrals import SessionStatus

    patients = scope.patient_ids()
    referrals = SupportCareReferral.objects.filter(
        network_id__in=scope.network_ids, patient_id__in=patients
    ).filter(scope.days_in_period("referred_on"))
    sessions = SupportSession.objects.filter(
        referral__network_id__in=scope.network_ids, referral__patient_id__in=patients
    ).filter(scope.days_in_period("day"))
    if scope.thematic is not None:
        referrals = referrals.filter(thematic=scope.thematic)
        sessions = sessions.filter(referral__thematic=scope.thematic)
    ref_rows = referrals.values("kind").annotate(n=Count("pk")).order_by()
    session_rows = (
        sessions.values("referral__kind", "status")
        .annotate(n=Count("pk"), amount=Sum("price"))
        .order_by()
    )
    kinds = SupportKind.values
    sessions_by_kind = {k: dict.fromkeys(SessionStatus.values, 0) for k in kinds}
    for row in session_rows:
        sessions_by_kind.setdefault(row["referral__kind"], {})[row["status"]] = row["n"]
    spent = {
        row["referral__funding_line"]: row["amount"]
        for row in sessions.filter(status=SessionStatus.HELD)
        .values("referral__funding_line")
        .annotate(amount=Sum("price"))
        .order_by()
    }
    lines = FundingLine.objects.filter(network_id__in=scope.network_ids).filter(
        Q(starts_on__lte=scope.end, ends_on__gte=scope.start) | Q(pk__in=list(spent))
    )
    by_line = []
    for line in lines.order_by("starts_on", "name"):
        amount = spent.get(line.pk)
        by_line.append(
            {
                "line": str(line.public_id),
                "name": line.name,
                "funder": line.funder,
                "starts_on": line.starts_on.isoformat(),
                "ends_on": line.ends_on.isoformat(),
                "budget": _money(line.budget),
                "spent_in_period": _money(amount),
                "spent_percent": _round(100 * (amount or 0) / line.budget) if line.budget else None,
            }
        )
    held = sum(v.get(SessionStatus.HELD, 0) for v in sessions_by_kind.values())
    return {
        "referrals": sum(r["n"] for r in ref_rows),
        "referrals_by_kind": _counts(ref_rows, "kind", kinds),
        "sessions_held": held,
        "sessions_by_kind": sessions_by_kind,
        "amount_spent": _money(sum((v for v in spent.values() if v), Decimal("0"))),
        "by_funding_line": by_line,
    }


def _training(scope: Scope) -> dict:
    from maillage.training.models import (
        Event,
        EventKind,
        EventSlot,
        Profession,
        Registration,
        Satisfaction,
    )

    first_slot = (
        EventSlot.objects.filter(event=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1]
    )
    events = (
        Event.objects.filter(network_id__in=scope.network_ids, status="held")
        .annotate(_first=Subquery(first_slot))
        .filter(_first__gte=scope.low, _first__lt=scope.high)
    )
    if scope.thematic is not None:
        events = events.filter(thematics=scope.thematic)
    event_rows = events.values("kind").annotate(n=Count("pk")).order_by()
    event_ids = events.values("pk")
    attendees = Registration.objects.filter(
        event_id__in=event_ids, status="registered", attended=True
    )
    by_profession = attendees.values("profession").annotate(n=Count("pk")).order_by()
    satisfaction = Satisfaction.objects.filter(registration__event_id__in=event_ids).aggregate(
        n=Count("pk"), overall=Avg("overall_rating"), usefulness=Avg("usefulness")
    )
    return {
        "events": sum(r["n"] for r in event_rows),
        "events_by_kind": _counts(event_rows, "kind", EventKind.values),
        "attendees": sum(r["n"] for r in by_profession),
        "attendees_by_profession": _counts(by_profession, "profession", Profession.values),
        "satisfaction": {
            "responses": satisfaction["n"],
            "overall_mean": _round(satisfaction["overall"], 2),
            "usefulness_mean": _round(satisfaction["usefulness"], 2),
        },
    }


def _professionals(scope: Scope) -> dict:
    from maillage.patients.models import CareTeamMember
    from maillage.patients.models.careteam import CareTeamRole

    rows = (
        CareTeamMember.objects.filter(patient_id__in=_active_patients(scope).values("pk"))
        .filter(started_on__lte=scope.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=scope.start))
        .exclude(end_reason__in=CARE_TEAM_VOID_END_REASONS)
        .values("role")
        .annotate(
            pros=Count("professional", distinct=True),
            orgs=Count("organisation", distinct=True),
            users=Count("external_user", distinct=True),
        )
        .order_by()
    )
    by_role = dict.fromkeys(CareTeamRole.values, 0)
    for row in rows:
        by_role[row["role"]] = row["pros"] + row["orgs"] + row["users"]
    return {"by_category": by_role, "total": sum(by_role.values())}
