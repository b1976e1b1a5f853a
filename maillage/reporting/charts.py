"""Server-rendered SVG bar charts, readable without colour: every bar carries its label and its
value in text, and the previous period's bars are hatched (a pattern, not a hue)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

ROW_HEIGHT = 22
LABEL_WIDTH = 230
BAR_WIDTH = 300
VALUE_WIDTH = 70


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, float):
        return str(int(value))
    return str(value)


def bar_chart(title: str, rows: list[tuple[str, object, object]], *, uid: str) -> str:
    """Horizontal bars for [(label, value, previous value or None)]; non-numeric values (a
    masked "< 10") are written without a bar."""
    has_previous = any(prev is not None for _label, _value, prev in rows)
    numbers = [_number(v) or 0 for _l, v, _p in rows] + [_number(p) or 0 for _l, _v, p in rows]
    top = max(numbers) if numbers and max(numbers) > 0 else 1
    step = ROW_HEIGHT * (2 if has_previous else 1) + 6
    legend = 24 if has_previous else 0
    height = legend + step * len(rows) + 4
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    pattern = f"hatch-{escape(uid)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{pattern}-title">',
        f'<title id="{pattern}-title">{escape(title)}</title>',
        f'<defs><pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#1f2937" stroke-width="3"/></pattern></defs>',
    ]
    if has_previous:
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="4" width="14" height="14" fill="#1f4e79"/>'
            f'<text x="{LABEL_WIDTH + 20}" y="16" font-size="12">Période</text>'
            f'<rect x="{LABEL_WIDTH + 90}" y="4" width="14" height="14" fill="url(#{pattern})" '
            f'stroke="#1f2937"/>'
            f'<text x="{LABEL_WIDTH + 110}" y="16" font-size="12">Année précédente</text>'
        )
    y = legend
    for label, value, previous in rows:
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" font-size="12" '
            f'text-anchor="end">{escape(label[:40])}</text>'
        )
        series = [(value, "#1f4e79", "")]
        if has_previous:
            series.append((previous, f"url(#{pattern})", ' stroke="#1f2937"'))
        for offset, (figure, fill, stroke) in enumerate(series):
            by = y + offset * ROW_HEIGHT
            number = _number(figure)
            length = 0 if number is None else round(BAR_WIDTH * number / top)
            if length:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{by + 3}" width="{length}" '
                    f'height="{ROW_HEIGHT - 6}" fill="{fill}"{stroke}/>'
                )
            text = figure if number is None else _fmt(number)
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4}" y="{by + 15}" '
                f'font-size="12">{escape(str(text) if text is not None else "—")}</text>'
            )
        y += step
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
