"""Reads of the single entry point: queues with ages and counts, routing, duplicates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from maillage.core.prepared import Param, PreparedAggregate
from maillage.intake.models import LIVE_STATUSES, Status, SupportRequest

QUEUES = {
    "a_qualifier": "À qualifier",
    "mes_demandes": "Mes demandes",
    "en_attente": "En attente de réponse",
}


def _queue_filter(name: str, user) -> Q:
    if name == "a_qualifier":
        return Q(status=Status.RECEIVED)
    if name == "mes_demandes":
        return Q(assigned_to=user, status__in=LIVE_STATUSES)
    if name == "en_attente":
        return Q(status__in=(Status.QUALIFYING, Status.ACCEPTED))
    raise ValueError(name)


def queue(network, name: str, user) -> QuerySet[SupportRequest]:
    """Live requests of one queue, oldest first (stubs are never live)."""
    return (
        SupportRequest.objects.filter(network=network, is_stub=False)
        .filter(_queue_filter(name, user))
        .select_related("person_commune", "assigned_to", "forwarded_from")
        .order_by("received_at", "pk")
    )


def queue_counts(network, user) -> dict[str, int]:
    """The three counts in one query."""
    return SupportRequest.objects.filter(network=network, is_stub=False).aggregate(
        **{name: Count("pk", filter=_queue_filter(name, user)) for name in QUEUES}
    )


DELAY_WINDOW_DAYS = 90


def _delay_text(value: datetime.timedelta | None) -> str:
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 48:
        return f"{hours:.0f} h".replace(".", ",")
    return f"{hours / 24:.1f} j".replace(".", ",")


def _queue_summary_query(delays: bool):
    """queue_summary's one query, its values as Params (maillage.core.prepared)."""
    from django.db.models import Avg, DurationField, ExpressionWrapper, F

    user = Param("user", SupportRequest, "assigned_to")
    live = Q(is_stub=False)
    aggregates = {name: Count("pk", filter=live & _queue_filter(name, user)) for name in QUEUES}
    aggregates |= {
        f"{name}_oldest": Min("received_at", filter=live & _queue_filter(name, user))
        for name in QUEUES
    }
    aggregates["late"] = Count(
        "pk",
        filter=live
        & Q(
            status=Status.RECEIVED,
            received_at__lt=Param("cutoff", SupportRequest, "received_at"),
        ),
    )
    for name, field in (("contact_delay", "first_contact_at"), ("decision_delay", "decided_at")):
        if not delays:
            continue
        aggregates[name] = Avg(
            ExpressionWrapper(F(field) - F("received_at"), output_field=DurationField()),
            filter=Q(
                received_at__gte=Param("since", SupportRequest, "received_at"),
                **{f"{field}__isnull": False},
            ),
        )
    return (
        SupportRequest.objects.filter(network_id=Param("network", SupportRequest, "network")),
        aggregates,
    )


# On every dashboard of those who work the queues: compiled once.
_QUEUE_SUMMARY = {
    delays: PreparedAggregate(lambda delays=delays: _queue_summary_query(delays))
    for delays in (False, True)
}


def queue_summary(network, user, now=None, *, delays: bool = True) -> dict:
    """For the dashboards, in one query: each queue's count and oldest reception date, the
    requests still without first contact beyond the network's target delay, and (`delays`) the
    average delays of the last 90 days (received → first contact, received → decision)."""
    now = now or timezone.now()
    row = _QUEUE_SUMMARY[delays].get(
        network=network.pk,
        user=user.pk,
        cutoff=now - datetime.timedelta(hours=network.request_target_delay_hours),
        **({"since": now - datetime.timedelta(days=DELAY_WINDOW_DAYS)} if delays else {}),
    )
    return {
        "queues": [
            (code, label, row[code], row[f"{code}_oldest"]) for code, label in QUEUES.items()
        ],
        "late": row["late"],
        "target_hours": network.request_target_delay_hours,
        "contact_delay": _delay_text(row.get("contact_delay")),
        "decision_delay": _delay_text(row.get("decision_delay")),
        "delay_window_days": DELAY_WINDOW_DAYS,
        "now": now,
    }


def request_history(network) -> QuerySet[SupportRequest]:
    """Every request of the network, forwarded stubs included (dates and origin only)."""
    return (
        SupportRequest.objects.filter(network=network)
        .select_related("forwarded_to", "assigned_to")
        .order_by("-received_at", "-pk")
    )


@dataclass
class RoutingProposal:
    networks: list
    covers_own: bool


def routing_proposal(req: SupportRequest) -> RoutingProposal | None:
    """Networks covering the person's commune for the request's thematics, answered by the
    directory's one routing function (`networks_covering`), most specific coverage first."""
    if req.person_commune is None:
        return None
    return routing_for(req.person_commune, req.thematics.all(), req.network)


def suggested_resources(req: SupportRequest):
    """Active resources of the network, matching a thematic and the commune when known."""
    from maillage.directory.models import Resource, ResourceStatus

    rows = Resource.objects.filter(network=req.network, status=ResourceStatus.ACTIVE)
    thematics = list(req.thematics.all())
    if thematics:
        rows = rows.filter(Q(thematics__in=thematics) | Q(thematics__isnull=True))
    if req.person_commune_id:
        rows = rows.filter(Q(area=req.person_commune_id) | Q(area__isnull=True))
    return rows.distinct().order_by("name")


def possible_patients(req: SupportRequest):
    """Records of the request's network that may be the person (never across networks)."""
    from maillage.patients.duplicates import find_duplicates

    if not (req.person_birth_name and req.person_birth_date):
        return []
    return find_duplicates(
        network=req.network,
        birth_date=req.person_birth_date,
        birth_name=req.person_birth_name,
        first_names=req.person_first_names,
    )


# --- Pickers (search-as-you-type) ---------------------------------------------------------

SUGGESTIONS = 8


def professional_suggestions(query: str, limit: int = SUGGESTIONS) -> list:
    """Directory professionals for the requester and GP pickers, through the directory's own
    search (`directory.search.search_professionals`: containment or pg_trgm word similarity
    on PostgreSQL, the half-word fallback on SQLite) and its ranking. Two queries: the
    professionals, then their active activities (place and phone shown in the option)."""
    from django.db.models import Prefetch

    from maillage.directory import search
    from maillage.directory.models import Activity

    if not search.words_of(query):
        return []
    qs = search.ranked(search.search_professionals(query=query), query).prefetch_related(
        Prefetch(
            "activities",
            queryset=Activity.objects.filter(is_active=True)
            .select_related("commune")
            .order_by("-mode_code", "name", "pk"),
            to_attr="active_activities",
        )
    )
    return list(qs[:limit])


def commune_suggestions(text: str, limit: int = SUGGESTIONS) -> list:
    """Current communes for the commune picker, by postal code (two digits or more: the codes
    starting with them) or by name (each word matched by the directory's `name_matches`,
    tolerant of a typo; names starting with the text first). Two queries (communes, codes)."""
    from django.db.models import Prefetch

    from maillage.core.models import Commune, CommunePostalCode
    from maillage.directory import search
    from maillage.networks.selectors import communes_named

    text = (text or "").strip()[:80]
    current = Commune.objects.filter(is_current=True)
    digits = text.replace(" ", "")
    if digits.isdigit():
        if len(digits) < 2:
            return []
        rows = current.filter(
            pk__in=CommunePostalCode.objects.filter(code__startswith=digits[:5]).values(
                "commune_id"
            )
        ).order_by("search_name", "insee_code")
    else:
        rows = communes_named(text)
        if rows is None:
            return []
        ranked = search.ranked(rows, text)
        rows = ranked.order_by("_starts", *ranked.query.order_by)
    rows = rows.prefetch_related(
        Prefetch("postal_codes", queryset=CommunePostalCode.objects.order_by("code"))
    )
    return list(rows[:limit])


def routing_for(commune, thematics, own_network) -> RoutingProposal:
    """The routing answer for a commune and thematics chosen in a form (before the request
    exists): the directory's `networks_covering`, merged over the thematics."""
    from maillage.networks.selectors import networks_covering

    networks: list = []
    for thematic in list(thematics) or [None]:
        for network in networks_covering(commune, thematic):
            if network not in networks:
                networks.append(network)
    return RoutingProposal(networks, any(n.pk == own_network.pk for n in networks))
