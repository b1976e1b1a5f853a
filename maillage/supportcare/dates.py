"""Calendar arithmetic for rules counted in months (no dateutil in the project)."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's last day (31/01 + 1 -> 28 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
