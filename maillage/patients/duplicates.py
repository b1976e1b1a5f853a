"""Possible duplicates of an identity, within one network only.

Candidates share the birth date (or have day and month swapped, a classic typing error), or the
same normalised name in the same birth year. They are then scored with rapidfuzz on names
normalised by `maillage.core.text.normalise` (accents, case, hyphens and apostrophes): birth
name against birth *and* used name, compound and partial first names, and family name and first
name swapped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz import fuzz

from maillage.core.text import normalise
from maillage.patients.models import Patient

THRESHOLD = 85
STRICT_THRESHOLD = 92  # when the birth dates are not identical


@dataclass
class Candidate:
    patient: Patient
    score: int
    reasons: list[str] = field(default_factory=list)


def _swapped(date: datetime.date) -> datetime.date | None:
    if date.day > 12 or date.day == date.month:
        return None
    try:
        return date.replace(day=date.month, month=date.day)
    except ValueError:
        return None


def _names_score(names_a: list[str], names_b: list[str]) -> float:
    scores = [
        max(fuzz.token_sort_ratio(a, b), fuzz.token_set_ratio(a, b))
        for a in names_a
        for b in names_b
    ]
    return max(scores, default=0.0)


def _first_names_score(first_a: str, first_b: str) -> float:
    tokens_a, tokens_b = first_a.split(), first_b.split()
    if not tokens_a or not tokens_b:
        return 0.0
    pairwise = max(fuzz.ratio(a, b) for a in tokens_a for b in tokens_b)
    return max(pairwise, fuzz.token_set_ratio(first_a, first_b))


def score_identity(
    *,
    birth_name: str,
    used_name: str,
    first_names: str,
    other: Patient,
) -> tuple[float, list[str]]:
    """Similarity of typed names with another record's, 0-100, and the reasons in French."""
    mine = [n for n in (normalise(birth_name), normalise(used_name)) if n]
    theirs = [n for n in (other.search_birth_name, other.search_used_name) if n]
    my_first, their_first = normalise(first_names), other.search_first_names
    reasons = []
    names = _names_score(mine, theirs)
    crossed_names = normalise(birth_name) in theirs or other.search_birth_name in mine
    if names >= 90 and normalise(birth_name) != other.search_birth_name and crossed_names:
        reasons.append("nom de naissance et nom utilisé croisés")
    first = _first_names_score(my_first, their_first)
    if (
        first >= 90
        and my_first != their_first
        and len(my_first.split()) != len(their_first.split())
    ):
        reasons.append("prénoms composés ou partiels")
    straight = (names + first) / 2
    # Family name typed as first name and the other way round.
    crossed = min(_names_score(mine, [their_first]), _names_score([my_first], theirs))
    if crossed > straight and crossed >= THRESHOLD:
        reasons.append("nom et prénom inversés")
        return crossed, reasons
    if names >= 90 and mine and theirs and min(mine) != min(theirs) and not reasons:
        reasons.append("noms proches (accents, tirets, orthographe)")
    return straight, reasons


def find_duplicates(
    *,
    network,
    birth_date: datetime.date,
    birth_name: str,
    used_name: str = "",
    first_names: str = "",
    exclude: Patient | None = None,
    limit: int = 10,
) -> list[Candidate]:
    """Records of the same network that may be the same person, best first."""
    dates = [birth_date]
    if swapped := _swapped(birth_date):
        dates.append(swapped)
    names = [n for n in (normalise(birth_name), normalise(used_name)) if n]
    query = Q(birth_date__in=dates)
    if names:
        query |= Q(birth_date__year=birth_date.year) & (
            Q(search_birth_name__in=names) | Q(search_used_name__in=names)
        )
    rows = Patient.objects.filter(network=network, merged_into__isnull=True).filter(query)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    candidates = []
    for other in rows[:500]:
        score, reasons = score_identity(
            birth_name=birth_name, used_name=used_name, first_names=first_names, other=other
        )
        if other.birth_date == birth_date:
            threshold = THRESHOLD
            reasons.insert(0, "même date de naissance")
        elif other.birth_date == swapped:
            threshold = STRICT_THRESHOLD
            reasons.insert(0, "jour et mois de naissance inversés")
        else:
            threshold = STRICT_THRESHOLD
            reasons.insert(0, "même année de naissance")
        if score >= threshold:
            candidates.append(Candidate(other, round(score), reasons))
    candidates.sort(key=lambda c: -c.score)
    return candidates[:limit]
