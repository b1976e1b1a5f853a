"""The instrument engine: how an instrument is declared, validated and scored.

Pure Python, no database. An instrument is declared once (code, French name, version, items with
their allowed answers, scoring, bands, source, licence note) and everything else — the `score`
command, forms, storage, charts — reads that declaration.

Answers to a points instrument are `{"items": [...]}` in the official item order (or a mapping
keyed by item key or reference); each value is one of the item's allowed values: item points
(decimals allowed, as in the full MNA), booleans for yes/no items, or a declared code (such as
"nsp" for "ne sait pas"). Validation raises `AnswerError` whose French messages name the item.
A partial set of answers is a draft: it validates with `partial=True` and is never scored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

AnswerValue = int | float | Decimal | bool | str


class AnswerError(ValueError):
    """Answers refused. `errors` is a list of (item reference, French message)."""

    def __init__(self, errors: Sequence[tuple[str, str]]):
        self.errors = list(errors)
        super().__init__("\n".join(message for _, message in self.errors))

    @property
    def messages(self) -> list[str]:
        return [message for _, message in self.errors]


class UnknownInstrument(LookupError):
    """No instrument has this code."""


def to_decimal(value: Any) -> Decimal | None:
    """A JSON number as an exact Decimal (0.5 stays 0.5); None for anything else, bools included."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            return None
    return None


def json_number(value: Decimal | None) -> int | float | None:
    """A Decimal for JSON output: an int when whole, else a float (scores have one decimal)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def display_answer(value: Any) -> str:
    """An answer as the French messages show it."""
    if isinstance(value, bool):
        return "oui (true)" if value else "non (false)"
    if isinstance(value, str):
        return f"« {value} »"
    return str(value)


def format_points(value: Decimal) -> str:
    """French display of points: 0,5 rather than 0.5."""
    number = json_number(value)
    return str(number).replace(".", ",")


@dataclass(frozen=True)
class Choice:
    """One allowed answer to an item: the stored value, its French label and its points."""

    value: AnswerValue
    label: str
    points: Decimal

    def matches(self, answer: Any) -> bool:
        if isinstance(self.value, bool) or isinstance(answer, bool):
            return (
                isinstance(answer, bool) and isinstance(self.value, bool) and answer is self.value
            )
        if isinstance(self.value, str):
            return isinstance(answer, str) and answer.strip().lower() == self.value
        number = to_decimal(answer)
        return number is not None and number == to_decimal(self.value)

    @property
    def display_value(self) -> str:
        if isinstance(self.value, bool):
            return "oui" if self.value else "non"
        if isinstance(self.value, str):
            return f"« {self.value} »"
        return format_points(to_decimal(self.value) or Decimal(0))


def choices(*triples: tuple[AnswerValue, str, Any]) -> tuple[Choice, ...]:
    """choices((0, "Jamais", 0), (1, "Rarement", 1), ...): points given as int, str or Decimal."""
    return tuple(Choice(value, label, Decimal(str(points))) for value, label, points in triples)


def points_scale(labels: Sequence[str], start: int = 0) -> tuple[Choice, ...]:
    """An item whose answer is its points: start, start+1, ... each with its label."""
    return tuple(Choice(start + i, label, Decimal(start + i)) for i, label in enumerate(labels))


def numeric_range(low: int, high: int, step: int = 1) -> tuple[Choice, ...]:
    """An item scored low..high (e.g. a 0–10 numeric scale): the label is the number itself."""
    return tuple(Choice(n, str(n), Decimal(n)) for n in range(low, high + 1, step))


def yes_no(yes_points: int = 1, no_points: int = 0) -> tuple[Choice, ...]:
    """A yes/no item answered with a boolean (true = oui)."""
    return (
        Choice(True, "Oui", Decimal(yes_points)),
        Choice(False, "Non", Decimal(no_points)),
    )


@dataclass(frozen=True)
class Item:
    """One item: its official reference ("A", "12"), a machine key, a short French label (never
    licensed wording) and the allowed answers. `subscale` groups items scored apart (HADS)."""

    ref: str
    key: str
    label: str
    choices: tuple[Choice, ...]
    subscale: str = ""
    help: str = ""

    @property
    def is_yes_no(self) -> bool:
        return all(isinstance(c.value, bool) for c in self.choices)

    @property
    def display(self) -> str:
        return f"item {self.ref} ({self.label})"

    @property
    def min_points(self) -> Decimal:
        return min(c.points for c in self.choices)

    @property
    def max_points(self) -> Decimal:
        return max(c.points for c in self.choices)

    def choice_for(self, answer: Any) -> Choice | None:
        return next((c for c in self.choices if c.matches(answer)), None)

    def allowed_text(self) -> str:
        if self.is_yes_no:
            return "oui (true) ou non (false)"
        return ", ".join(c.display_value for c in self.choices)


@dataclass(frozen=True)
class Band:
    """An interpretation band: applies from `minimum` (inclusive) up to the next band's minimum."""

    minimum: Decimal
    code: str
    label: str


def bands(*triples: tuple[Any, str, str]) -> tuple[Band, ...]:
    """bands((0, "normal", "..."), (8, "doubtful", "...")): sorted by minimum."""
    made = [Band(Decimal(str(low)), code, label) for low, code, label in triples]
    return tuple(sorted(made, key=lambda b: b.minimum))


def band_for(declared: Sequence[Band], score: Decimal) -> Band:
    chosen = declared[0]
    for band in declared:
        if score >= band.minimum:
            chosen = band
    return chosen


@dataclass
class Result:
    """A computed result. `score` is None when an instrument has no single total (HADS)."""

    instrument: str
    version: str
    score: Decimal | None
    category: str
    label: str
    details: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "instrument": self.instrument,
            "version": self.version,
            "score": json_number(self.score),
            "category": self.category,
            "label": self.label,
        }
        data.update(self.extra)
        data["details"] = self.details
        return data


class Instrument:
    """What every instrument offers, whatever its answer format."""

    code: str
    name: str
    short_name: str
    version: str
    domain: str
    source: str
    licence: str
    official_form: str
    notes: str
    aliases: tuple[str, ...]
    higher_is_worse: bool
    licensed_wording: bool

    @property
    def title(self) -> str:
        return self.short_name or self.name

    @property
    def item_count(self) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def validate(self, answers: Any, *, partial: bool = False) -> Any:  # pragma: no cover
        raise NotImplementedError

    def is_complete(self, answers: Any) -> bool:
        try:
            self.validate(answers, partial=False)
        except AnswerError:
            return False
        return True

    def score(self, answers: Any) -> Result:  # pragma: no cover
        raise NotImplementedError


ComputeFn = Callable[["PointsInstrument", list["Choice"]], Result]
CheckFn = Callable[["PointsInstrument", list["Choice | None"]], list[tuple[str, str]]]


@dataclass(frozen=True, eq=False)
class PointsInstrument(Instrument):
    """An instrument made of items, each answered from its allowed values. By default the score is
    the sum of points and the category is the band the total falls in; `compute` overrides that,
    `check` adds rules between items (e.g. a question asked only after another)."""

    code: str
    name: str
    version: str
    domain: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    source: str
    licence: str
    official_form: str = ""
    notes: str = ""
    aliases: tuple[str, ...] = ()
    higher_is_worse: bool = True
    licensed_wording: bool = False
    compute: ComputeFn | None = None
    check: CheckFn | None = None
    short_name: str = ""

    @property
    def title(self) -> str:
        """The name used in messages: the short name (« MNA-SF ») when there is one."""
        return self.short_name or self.name

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def min_score(self) -> Decimal:
        return sum((item.min_points for item in self.items), Decimal(0))

    @property
    def max_score(self) -> Decimal:
        return sum((item.max_points for item in self.items), Decimal(0))

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    # --- validation -------------------------------------------------------------------------
    def _raw_values(self, answers: Any) -> list[Any]:
        """The answers as a list in item order (None where missing); structural errors raise."""
        if not isinstance(answers, Mapping) or "items" not in answers:
            raise AnswerError(
                [("", f'{self.title} : les réponses doivent être un objet {{"items": [...]}}.')]
            )
        raw = answers["items"]
        if isinstance(raw, Mapping):
            by_name = {i.key: i for i in self.items} | {i.ref: i for i in self.items}
            unknown = [str(k) for k in raw if str(k) not in by_name]
            if unknown:
                raise AnswerError(
                    [
                        (k, f"{self.title} : « {k} » n'est pas un item de cet instrument.")
                        for k in unknown
                    ]
                )
            values: list[Any] = [None] * len(self.items)
            for name, value in raw.items():
                values[self.items.index(by_name[str(name)])] = value
            return values
        if isinstance(raw, str) or not isinstance(raw, Sequence):
            raise AnswerError(
                [("", f"{self.title} : « items » doit être une liste de réponses dans l'ordre.")]
            )
        if len(raw) > len(self.items):
            raise AnswerError(
                [
                    (
                        "",
                        f"{self.title} : {len(raw)} réponses reçues pour {len(self.items)} items ; "
                        "retirez les réponses en trop.",
                    )
                ]
            )
        return list(raw) + [None] * (len(self.items) - len(raw))

    def validate(self, answers: Any, *, partial: bool = False) -> list[Choice | None]:
        """The chosen Choice per item (None where unanswered, allowed only when partial)."""
        values = self._raw_values(answers)
        errors: list[tuple[str, str]] = []
        chosen: list[Choice | None] = []
        for item, value in zip(self.items, values, strict=True):
            if value is None or value == "":
                chosen.append(None)
                if not partial:
                    errors.append((item.ref, f"{self.title}, {item.display} : réponse manquante."))
                continue
            choice = item.choice_for(value)
            if choice is None:
                errors.append(
                    (
                        item.ref,
                        f"{self.title}, {item.display} : {display_answer(value)} n'est pas "
                        f"une réponse permise (réponses permises : {item.allowed_text()}).",
                    )
                )
            chosen.append(choice)
        if not errors and self.check is not None:
            errors.extend(self.check(self, chosen))
        if errors:
            raise AnswerError(errors)
        return chosen

    def canonical(self, answers: Any, *, partial: bool = True) -> dict[str, list[Any]]:
        """The answers as stored: {"items": [...]} in item order, declared values, None if empty."""
        chosen = self.validate(answers, partial=partial)
        return {"items": [None if c is None else _json_value(c.value) for c in chosen]}

    # --- scoring ----------------------------------------------------------------------------
    def band_for(self, score: Decimal) -> Band:
        return band_for(self.bands, score)

    def score(self, answers: Any) -> Result:
        chosen = self.validate(answers, partial=False)
        complete = [c for c in chosen if c is not None]
        if self.compute is not None:
            return self.compute(self, complete)
        return self.sum_result(complete)

    def sum_result(self, chosen: list[Choice], **details: Any) -> Result:
        total = sum((c.points for c in chosen), Decimal(0))
        band = self.band_for(total)
        return Result(
            instrument=self.code,
            version=self.version,
            score=total,
            category=band.code,
            label=band.label,
            details={"max": json_number(self.max_score), **details},
        )


def _json_value(value: AnswerValue) -> Any:
    if isinstance(value, Decimal):
        return json_number(value)
    return value
