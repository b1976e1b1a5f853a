"""The log guard: every test fails if a log record carries a NIR or a demo patient's name.

The root conftest installs `GuardHandler` on the root logger and on every logger that does not
propagate (django.request, django.security, axes…) for the duration of each test.

Names: DEMO_SURNAMES holds the surnames that demo data and factories give to patients and
carers. Apps add theirs, at import time of their factories or seed module:

    from maillage.testing.logguard import DEMO_SURNAMES
    DEMO_SURNAMES.update({"Lefèvre-Démo", ...})

or for one generated person: `watch_name(patient.birth_name)`.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from maillage.core.logging import NIR_PATTERN

# Surnames of the fictional patients of the demo and of the tests (extend, never shrink).
DEMO_SURNAMES: set[str] = {
    "Demopatient",
    "Fictivard",
    "Lambertin-Essai",
    "Testaud",
}

_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {
    "message",
    "asctime",
}


def watch_name(name: str) -> None:
    """Adds one generated surname to the watch list (e.g. from a factory's post-generation)."""
    if name and len(name.strip()) >= 3:
        DEMO_SURNAMES.add(name.strip())


@lru_cache(maxsize=4)  # keyed on the set's content: a changed set gives a new pattern
def _names_pattern_for(names: frozenset[str]) -> re.Pattern | None:
    if not names:
        return None
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _names_pattern() -> re.Pattern | None:
    return _names_pattern_for(frozenset(DEMO_SURNAMES))


def record_texts(record: logging.LogRecord) -> list[str]:
    """Everything of a record that a formatter might write: message and extra attributes."""
    try:
        texts = [record.getMessage()]
    except Exception:  # a broken format string: look at the raw parts
        texts = [str(record.msg), repr(record.args)]
    for key, value in vars(record).items():
        if key not in _STANDARD_ATTRIBUTES and isinstance(value, str | int | float):
            texts.append(str(value))
    return texts


def leaks_in_text(text: str) -> list[str]:
    found = []
    if NIR_PATTERN.search(text):
        found.append("un NIR")
    pattern = _names_pattern()
    if pattern is not None and (match := pattern.search(text)):
        found.append(f"le nom « {match.group(0)} »")
    return found


def leaks_in(records: list[logging.LogRecord]) -> list[str]:
    problems = []
    for record in records:
        for text in record_texts(record):
            for leak in leaks_in_text(text):
                problems.append(f"{record.name} [{record.levelname}] contient {leak}")
    return problems


class GuardHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def install() -> tuple[GuardHandler, list[logging.Logger]]:
    handler = GuardHandler()
    loggers = [logging.getLogger()]
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger) and not logger.propagate:
            loggers.append(logger)
    for logger in loggers:
        logger.addHandler(handler)
    return handler, loggers


def uninstall(handler: GuardHandler, loggers: list[logging.Logger]) -> None:
    for logger in loggers:
        logger.removeHandler(handler)
