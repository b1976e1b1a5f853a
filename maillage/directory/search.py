"""The directory search: one box, filters, accent- and case-insensitive, tolerant of typos.

Every searchable row stores `search_name`, its name normalised by `maillage.core.text.normalise`
(lower case, no accents, hyphens and apostrophes as spaces); the query is normalised the same way
and split into words, and every word must match.

How a word matches a name:
- PostgreSQL: `pg_trgm` word similarity (`word <% search_name`, GIN trigram index) or plain
  containment; results ranked by similarity.
- SQLite (development, small data): containment, or — for a word of 5 letters or more — the
  name contains the word's first half or its last half (one typo leaves one half intact);
  ranked by name. Good enough for a few thousand rows; production runs on PostgreSQL.
Professions and savoir-faire are small vocabularies: a word is matched against them in Python
(RapidFuzz, same tolerance), and the database filter uses the matching codes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from rapidfuzz import fuzz

from maillage.core.models import Commune
from maillage.core.text import normalise
from maillage.directory.models import Activity, Organisation, Professional, Resource, Specialty

MAX_WORDS = 6
MAX_WORD_LENGTH = 40
FUZZY_THRESHOLD = 80


def words_of(query: str) -> list[str]:
    """Normalised words of a query, bounded (any input is accepted, nothing reaches SQL raw)."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in normalise(query[:200]))
    words = [w[:MAX_WORD_LENGTH] for w in cleaned.split() if len(w) >= 2]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def uses_trigram() -> bool:
    return connection.vendor == "postgresql"


# The connection's `pg_trgm.word_similarity_threshold` (0.4) lets the GIN index find the
# candidates. For a word of 3 or 4 letters, 0.4 means sharing the first two letters ("lero" ~
# "lebrun"): tens of thousands of names to rank in a national directory, so such short words
# must reach this stricter bound ("lero" ~ "leroy"). Longer words keep 0.4, which a transposed
# pair of letters needs ("dupnot" ~ "dupont" is 0.43).
SHORT_WORD_LENGTH = 4
SHORT_WORD_SIMILARITY_MIN = 0.5


def name_matches(field: str, word: str) -> Q:
    """A Q matching `word` in the normalised `field`, tolerant of one typo."""
    q = Q(**{f"{field}__contains": word})
    if uses_trigram():
        if len(word) >= 3:
            similar = Q(**{f"{field}__trigram_word_similar": word})
            if len(word) <= SHORT_WORD_LENGTH:
                from django.contrib.postgres.search import TrigramWordSimilarity
                from django.db.models.lookups import GreaterThanOrEqual

                similar &= Q(
                    GreaterThanOrEqual(
                        TrigramWordSimilarity(word, field), SHORT_WORD_SIMILARITY_MIN
                    )
                )
            q |= similar
    elif len(word) >= 5:
        half = len(word) // 2
        q |= Q(**{f"{field}__contains": word[:half]}) | Q(**{f"{field}__contains": word[half:]})
    return q


def _vocabulary_hits(word: str, vocabulary: dict[str, str]) -> set[str]:
    """Keys of `vocabulary` (key -> normalised label) whose label contains `word` or a word
    close to it."""
    hits = set()
    for key, label in vocabulary.items():
        if word in label or (
            len(word) >= 4
            and any(
                fuzz.ratio(word, part[: len(word) + 1]) >= FUZZY_THRESHOLD for part in label.split()
            )
        ):
            hits.add(key)
    return hits


VOCABULARY_CACHE_KEY = "directory:search:vocabulary"


def _vocabularies() -> tuple[dict[str, str], dict[str, str]]:
    """(professions, savoir-faire), cached until a writer calls `forget_vocabulary()` (imports,
    hand-made professionals): reading the distinct professions of two million rows takes
    seconds, far more than the search itself. Imports rebuild it right after they commit."""

    def build():
        rows = (
            Professional.objects.exclude(profession="")
            .order_by()  # the model's ordering would add search_name to the DISTINCT
            .values_list("profession_code", "profession")
            .distinct()
        )
        professions = {code or label: label for code, label in rows}
        specialties = {
            str(pk): name for pk, name in Specialty.objects.values_list("pk", "search_name")
        }
        return professions, specialties

    return cache.get_or_set(VOCABULARY_CACHE_KEY, build, None)


SPECIALTY_CHOICES_CACHE_KEY = "directory:search:specialty-choices"


def forget_vocabulary(*, rebuild: bool = False) -> None:
    cache.delete_many([VOCABULARY_CACHE_KEY, SPECIALTY_CHOICES_CACHE_KEY])
    if rebuild:
        _vocabularies()


def profession_choices() -> list[tuple[str, str]]:
    professions, _ = _vocabularies()
    return sorted(professions.items(), key=lambda item: item[1])


def specialty_choices() -> list[tuple[str, str]]:
    """(code, label) of the savoir-faire held by at least one professional, for the filter;
    cached like the vocabularies (forgotten by imports and hand-made entries)."""

    def build():
        held = Professional.specialties.through.objects.values("specialty_id")
        return list(
            Specialty.objects.filter(pk__in=held).order_by("label").values_list("code", "label")
        )

    return cache.get_or_set(SPECIALTY_CHOICES_CACHE_KEY, build, None)


@dataclass
class Place:
    """The commune the user asked about and the communes within the radius."""

    commune: Commune
    radius_km: int
    codes: list[str]


def resolve_place(text: str) -> Commune | None:
    """A commune from an INSEE code, a postal code or a name (best match first)."""
    text = (text or "").strip()[:80]
    if not text:
        return None
    token = text.split()[0].upper()
    current = Commune.objects.filter(is_current=True)
    if len(token) == 5 and (token.isdigit() or token[:2] in ("2A", "2B")):
        found = current.filter(insee_code=token).first()
        if found is None:
            found = (
                current.filter(postal_codes__code=token).order_by("cog_type", "search_name").first()
            )
        if found is not None:
            return found
        text = text[5:]
    name = normalise(text)
    if not name:
        return None
    exact = current.filter(Q(search_name=name) | Q(other_names__contains=name))
    found = exact.order_by("cog_type", "insee_code").first()
    if found is None:
        found = current.filter(search_name__startswith=name).order_by("search_name").first()
    return found


def communes_within(commune: Commune, radius_km: int) -> list[str]:
    """INSEE codes of the communes whose centre is within `radius_km` of `commune` (the commune
    itself and its arrondissements always included)."""
    codes = {commune.insee_code}
    codes |= set(commune.children.values_list("insee_code", flat=True))
    if radius_km <= 0 or not commune.has_coordinates:
        return sorted(codes)
    lat, lon = commune.latitude, commune.longitude
    dlat = radius_km / 111.2
    dlon = radius_km / (111.2 * max(math.cos(math.radians(lat)), 0.01))
    box = Commune.objects.filter(
        latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
    ).values_list("insee_code", "latitude", "longitude")
    for code, clat, clon in box:
        if _distance_km(lat, lon, clat, clon) <= radius_km:
            codes.add(code)
    return sorted(codes)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def professional_word_filter(word: str, professions: dict, specialties: dict) -> Q:
    q = name_matches("search_name", word)
    profession_hits = _vocabulary_hits(word, {k: normalise(v) for k, v in professions.items()})
    if profession_hits:
        q |= Q(profession_code__in=profession_hits) | Q(profession__in=profession_hits)
    specialty_hits = _vocabulary_hits(word, specialties)
    if specialty_hits:
        q |= Q(specialties__in=[int(pk) for pk in specialty_hits])
    return q


def search_professionals(
    *,
    query: str = "",
    profession: str = "",
    specialty: str = "",
    mode: str = "",
    place_codes: list[str] | None = None,
    thematic: str = "",
    partner_of=None,
    include_inactive: bool = False,
) -> QuerySet[Professional]:
    """Professionals matching the query and the filters (unordered, unevaluated)."""
    qs = Professional.objects.all()
    if not include_inactive:
        qs = qs.filter(is_active=True)
    words = words_of(query)
    if words:
        professions, specialties = _vocabularies()
        ids = Professional.objects.all()
        for word in words:
            ids = ids.filter(professional_word_filter(word, professions, specialties))
        qs = qs.filter(pk__in=ids.values("pk"))
    if profession:
        qs = qs.filter(profession_code=profession)
    if specialty:
        qs = qs.filter(specialties__code=specialty)
    activities = Activity.objects.filter(professional=OuterRef("pk"), is_active=True)
    if mode or place_codes is not None:
        if mode:
            activities = activities.filter(mode_code=mode)
        if place_codes is not None:
            activities = activities.filter(commune_id__in=place_codes)
        qs = qs.filter(Exists(activities))
    if thematic:
        providers = Resource.objects.filter(thematics__code=thematic, status="active")
        qs = qs.filter(pk__in=providers.values("professional_id"))
    if partner_of is not None:
        qs = qs.filter(network_infos__network=partner_of, network_infos__is_partner=True)
    return qs


def search_organisations(
    *, query: str = "", place_codes: list[str] | None = None, category: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(is_active=True)
    for word in words_of(query):
        qs = qs.filter(name_matches("search_name", word) | Q(finess=word.upper()))
    if place_codes is not None:
        qs = qs.filter(commune_id__in=place_codes)
    if category:
        qs = qs.filter(category_code=category)
    return qs


def search_resources(
    resources: QuerySet[Resource],
    *,
    query: str = "",
    place_codes: list[str] | None = None,
    thematic: str = "",
) -> QuerySet[Resource]:
    """Filters `resources` (already restricted to what the user may see)."""
    qs = resources
    for word in words_of(query):
        qs = qs.filter(name_matches("search_name", word))
    if place_codes is not None:
        served = Resource.area.through.objects.filter(commune_id__in=place_codes)
        qs = qs.filter(
            Q(pk__in=served.values("resource_id")) | Q(organisation__commune_id__in=place_codes)
        )
    if thematic:
        qs = qs.filter(pk__in=Resource.objects.filter(thematics__code=thematic).values("pk"))
    return qs


def ranked(qs: QuerySet, query: str, field: str = "search_name") -> QuerySet:
    """Orders by closeness to the query on PostgreSQL, by name elsewhere."""
    words = words_of(query)
    if words and uses_trigram():
        from django.contrib.postgres.search import TrigramWordSimilarity

        return qs.annotate(rank=TrigramWordSimilarity(" ".join(words), field)).order_by(
            "-rank", field, "pk"
        )
    return qs.order_by(field, "pk")
