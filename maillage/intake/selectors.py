"""Reads of the single entry point: queues with ages and counts, routing, duplicates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

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
    from maillage.networks.selectors import networks_covering

    commune = req.person_commune
    if commune is None:
        return None
    networks: list = []
    for thematic in list(req.thematics.all()) or [None]:
        for network in networks_covering(commune, thematic):
            if network not in networks:
                networks.append(network)
    return RoutingProposal(networks, any(n.pk == req.network_id for n in networks))


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
