"""Reads about networks and their territory. `networks_covering` is the one routing answer."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from maillage.core.models import Commune
from maillage.networks.models import Coverage, Network, Thematic


def _routing_commune(commune: Commune) -> Commune:
    """Arrondissements and delegated/associated communes route like their parent commune when
    they have no coverage of their own (checked by the caller through both codes)."""
    return commune.parent if commune.parent_id else commune


def networks_covering(commune: Commune | str, thematic: Thematic | str | None) -> QuerySet[Network]:
    """Active networks covering `commune` (object or INSEE code) for `thematic` (object or code).

    A network covers a commune when it declared that commune, its parent commune (for an
    arrondissement or a delegated commune) or its whole département for that thematic.
    `thematic=None` answers for any thematic. Ordered: explicit commune coverage before
    département coverage, then by name, so the first is the most specific.
    """
    if isinstance(commune, str):
        commune = Commune.objects.select_related("parent").get(insee_code=commune)
    codes = {commune.insee_code, _routing_commune(commune).insee_code}
    departement = commune.departement or _routing_commune(commune).departement
    where = Q(commune_id__in=codes)
    if departement:
        where |= Q(departement=departement)
    coverages = Coverage.objects.filter(where)
    if thematic is not None:
        if isinstance(thematic, str):
            coverages = coverages.filter(thematic__code=thematic)
        else:
            coverages = coverages.filter(thematic=thematic)
    explicit = set(coverages.filter(commune__isnull=False).values_list("network_id", flat=True))
    networks = Network.objects.filter(is_active=True, pk__in=coverages.values("network_id"))
    return _ordered(networks, explicit)


def _ordered(networks: QuerySet[Network], explicit: set[int]) -> QuerySet[Network]:
    from django.db.models import Case, IntegerField, Value, When

    return networks.annotate(
        _specificity=Case(
            When(pk__in=explicit, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("_specificity", "name")


def coverage_for_network(network: Network) -> QuerySet[Coverage]:
    return (
        Coverage.objects.filter(network=network)
        .select_related("thematic", "commune")
        .order_by("thematic__label", "departement", "commune__search_name")
    )


def covered_communes(network: Network, thematic: Thematic | None = None) -> QuerySet[Commune]:
    """Every commune the network covers (explicitly or through a whole département)."""
    coverages = Coverage.objects.filter(network=network)
    if thematic is not None:
        coverages = coverages.filter(thematic=thematic)
    departements = coverages.exclude(departement="").values("departement")
    return Commune.objects.filter(
        Q(pk__in=coverages.filter(commune__isnull=False).values("commune_id"))
        | Q(departement__in=departements, is_current=True)
    ).distinct()


PICKER_LIMIT = 20


def communes_named(text: str):
    """Current communes whose name matches every word of `text` (the directory's typo-tolerant
    `name_matches`, or another name), annotated `_starts`: 0 exact name, 1 name starting with
    the text, 2 otherwise. None when the text has no word. Shared by the coverage and intake
    pickers."""
    from django.db.models import Case, IntegerField, Value, When

    from maillage.core.text import normalise
    from maillage.directory import search

    words = search.words_of(text)
    if not words:
        return None
    rows = Commune.objects.filter(is_current=True)
    for word in words:
        rows = rows.filter(search.name_matches("search_name", word) | Q(other_names__contains=word))
    name = normalise(text)
    return rows.annotate(
        _starts=Case(
            When(search_name=name, then=Value(0)),
            When(search_name__startswith=name, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def commune_choices(text: str, limit: int = PICKER_LIMIT) -> list[Commune]:
    """Current communes offered by the coverage picker for what is typed: an INSEE code, a postal
    code or its first digits (2 or more), or a name (each word tolerant of a typo, names
    starting with the text first). Postal codes are prefetched for the labels."""
    from django.db.models import Prefetch

    from maillage.core.models import CommunePostalCode

    text = (text or "").strip()[:80]
    current = Commune.objects.filter(is_current=True)
    compact = text.replace(" ", "").upper()
    if len(compact) >= 2 and (compact.isdigit() or compact[:2] in ("2A", "2B")):
        postal = CommunePostalCode.objects.filter(code__startswith=compact[:5])
        rows = current.filter(
            Q(insee_code__startswith=compact[:5]) | Q(pk__in=postal.values("commune_id"))
        ).order_by("insee_code")
    else:
        rows = communes_named(text)
        if rows is None:
            return []
        rows = rows.order_by("_starts", "search_name", "insee_code")
    rows = rows.prefetch_related(
        Prefetch("postal_codes", queryset=CommunePostalCode.objects.order_by("code"))
    )
    return list(rows[:limit])


def communes_by_codes(codes: list[str]) -> list[Commune]:
    """Current communes among `codes` (INSEE), in the order given; unknown codes are skipped."""
    wanted = [c.strip().upper()[:5] for c in codes if c and c.strip()][:2000]
    found = {
        c.insee_code: c for c in Commune.objects.filter(insee_code__in=wanted, is_current=True)
    }
    return [found[c] for c in dict.fromkeys(wanted) if c in found]


def other_communes_of_postal_code(text: str, commune: Commune) -> list[Commune]:
    """When `text` is a postal code serving several communes, the ones besides `commune` (the
    answer was given for one of them: the page offers to ask for the others)."""
    code = (text or "").strip()[:5]
    if not (len(code) == 5 and code.isdigit()) or code == commune.insee_code:
        return []
    return list(
        Commune.objects.filter(is_current=True, postal_codes__code=code)
        .exclude(pk=commune.pk)
        .order_by("search_name")[:20]
    )
