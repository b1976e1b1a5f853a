"""Reads of the directory, with their select_related/prefetch: the search page and detail pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from maillage.core.models import Commune
from maillage.directory import search
from maillage.directory.models import (
    Activity,
    Organisation,
    Professional,
    ProfessionalNetworkInfo,
    Resource,
)

PAGE_SIZE = 20
# Counting every match of a broad search in a national directory costs more than the page
# itself (measured on 1,000,000 professionals: 0.2-1.4 s for COUNT(*), 4-200 ms counted up to
# the cap): beyond the cap the page says "plus de 1 000 résultats".
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most `cap + 1` rows, without the ranking (an ORDER BY under a LIMIT would rank
    every match); `capped` tells the template that there are more than `cap`. Pages past the
    cap are not reachable: the user narrows the search instead."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or COUNT_CAP
        self.capped = False

    @property
    def cap_display(self) -> str:
        """The cap written the French way ("1 000", narrow no-break space)."""
        return f"{self.cap:,}".replace(",", "\u202f")

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


KINDS = {
    "professionnels": "Professionnels",
    "structures": "Structures",
    "services": "Services",
}


@dataclass
class SearchFilters:
    query: str = ""
    kind: str = "professionnels"
    profession: str = ""
    specialty: str = ""
    thematic: str = ""
    place: str = ""
    radius_km: int = 0
    mode: str = ""
    partner_only: bool = False


@dataclass
class SearchOutcome:
    page: Page
    place: Commune | None = None
    place_not_found: bool = False
    kind: str = "professionnels"
    counts: dict[str, int] = field(default_factory=dict)


def professionals_with_details(network=None) -> QuerySet[Professional]:
    """Professionals with their active activities (and communes), savoir-faire and, when a
    network is given, that network's own information only."""
    prefetches = [
        Prefetch(
            "activities",
            queryset=Activity.objects.filter(is_active=True)
            .select_related("commune")
            .order_by("-mode_code", "name", "pk"),
            to_attr="active_activities",
        ),
        "specialties",
    ]
    if network is not None:
        prefetches.append(
            Prefetch(
                "network_infos",
                queryset=ProfessionalNetworkInfo.objects.filter(network=network),
                to_attr="own_network_infos",
            )
        )
    return Professional.objects.prefetch_related(*prefetches)


def directory_search(
    filters: SearchFilters, *, network=None, resources: QuerySet[Resource], page_number=1
) -> SearchOutcome:
    """Runs the search for the page: one kind of result, paginated, ranked."""
    place = search.resolve_place(filters.place) if filters.place else None
    place_codes = search.communes_within(place, filters.radius_km) if place is not None else None
    if filters.place and place is None:
        place_codes = []  # an unknown place finds nothing rather than everything
    kind = filters.kind if filters.kind in KINDS else "professionnels"
    if kind == "structures":
        qs = search.ranked(
            search.search_organisations(query=filters.query, place_codes=place_codes),
            filters.query,
        ).select_related("commune")
    elif kind == "services":
        qs = search.ranked(
            search.search_resources(
                resources, query=filters.query, place_codes=place_codes, thematic=filters.thematic
            ),
            filters.query,
        ).select_related("organisation", "professional")
        qs = qs.prefetch_related(
            "thematics", Prefetch("area", queryset=Commune.objects.only("insee_code"))
        )
    else:
        qs = search.search_professionals(
            query=filters.query,
            profession=filters.profession,
            specialty=filters.specialty,
            mode=filters.mode,
            place_codes=place_codes,
            thematic=filters.thematic,
            partner_of=network if filters.partner_only and network is not None else None,
        )
        qs = search.ranked(qs, filters.query)
        qs = qs.prefetch_related(*professionals_with_details(network)._prefetch_related_lookups)
    paginator = CappedPaginator(qs, PAGE_SIZE)
    page = paginator.get_page(page_number)
    return SearchOutcome(
        page=page,
        place=place,
        place_not_found=bool(filters.place) and place is None,
        kind=kind,
        # Only when this kind found less than a page: the user may be looking in the wrong list.
        counts=_other_kinds(filters, kind, place_codes, resources)
        if search.words_of(filters.query) and paginator.count < PAGE_SIZE and not paginator.capped
        else {},
    )


OTHER_KINDS_CAP = 99


def _other_kinds(filters: SearchFilters, kind: str, place_codes, resources) -> dict[str, int]:
    """How many matches the same words find among the other kinds (one box for names,
    structures and services): counted up to 100, unranked, only the non-empty ones."""
    finders = {
        "professionnels": lambda: search.search_professionals(
            query=filters.query, place_codes=place_codes
        ),
        "structures": lambda: search.search_organisations(
            query=filters.query, place_codes=place_codes
        ),
        "services": lambda: search.search_resources(
            resources, query=filters.query, place_codes=place_codes
        ),
    }
    counts = {}
    for other, finder in finders.items():
        if other != kind:
            found = finder().order_by()[: OTHER_KINDS_CAP + 1].count()
            if found:
                counts[other] = found
    return counts


def professional_detail(public_id, network=None) -> Professional | None:
    return (
        professionals_with_details(network)
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("commune").order_by(
                    "-is_active", "name", "pk"
                ),
                to_attr="all_activities",
            )
        )
        .filter(public_id=public_id)
        .first()
    )


def network_info(network, professional: Professional) -> ProfessionalNetworkInfo | None:
    if network is None:
        return None
    infos = getattr(professional, "own_network_infos", None)
    if infos is not None:
        return infos[0] if infos else None
    return ProfessionalNetworkInfo.objects.filter(
        network=network, professional=professional
    ).first()


def organisation_list_for_select() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).only("pk", "name").order_by("search_name")
