"""The per-instrument history chart, drawn on the server as SVG: values and dates are written
next to each point (different marker shapes, no meaning carried by colour), and the page
repeats them in a table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 20, 40


@dataclass
class Point:
    x: float
    y: float
    value: str
    date: str

    @property
    def mark_x(self) -> float:
        return round(self.x - 4, 1)

    @property
    def mark_y(self) -> float:
        return round(self.y - 4, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - 8, 1)


@dataclass
class Chart:
    width: int
    height: int
    points: list[Point]
    polyline: str
    y_ticks: list[tuple[float, str]]
    x_axis_y: float
    left: int
    right: float
    title: str

    @property
    def tick_x(self) -> int:
        return self.left - 6

    @property
    def date_y(self) -> float:
        return self.x_axis_y + 16


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value is not None else ""
    return text.replace(".", ",")


def history_chart(instrument, results) -> Chart | None:
    """None when the instrument has no single score (HADS: two subscales)."""
    scored = [r for r in results if r.score is not None]
    if not scored:
        return None
    low = Decimal(getattr(instrument, "min_score", 0) or 0)
    high = Decimal(getattr(instrument, "max_score", 0) or 0)
    values = [r.score for r in scored]
    low, high = min([low, *values]), max([high, *values])
    if high == low:
        high = low + 1
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    step = inner_w / max(1, len(scored) - 1)
    points = []
    for index, result in enumerate(scored):
        x = LEFT + (index * step if len(scored) > 1 else inner_w / 2)
        y = TOP + float((high - result.score) / (high - low)) * inner_h
        day = (
            result.assessment.assessed_on
            if result.assessment_id
            else (result.signed_at or result.created_at)
        )
        points.append(Point(round(x, 1), round(y, 1), _fmt(result.score), f"{day:%d/%m/%Y}"))
    ticks = []
    for fraction in (0, Decimal("0.5"), 1):
        value = low + (high - low) * fraction
        y = TOP + float((high - value) / (high - low)) * inner_h
        ticks.append((round(y, 1), _fmt(value.quantize(Decimal("0.1")))))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        y_ticks=ticks,
        x_axis_y=TOP + inner_h,
        left=LEFT,
        right=WIDTH - RIGHT,
        title=f"Évolution du score {instrument.title}",
    )
