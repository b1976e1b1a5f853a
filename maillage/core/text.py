"""Text helpers shared by search, duplicate detection and imports."""

import re
import unicodedata

_SPACES = re.compile(r"[\s\-'’]+")


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(value: str) -> str:
    """Lower-case, unaccented, hyphens/apostrophes as spaces: 'Saint-Étienne' -> 'saint etienne'."""
    return _SPACES.sub(" ", strip_accents(value or "").lower()).strip()
