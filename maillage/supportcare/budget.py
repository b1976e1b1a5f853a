"""Budget per funding line: committed (granted) and spent (held), exact decimals, and the data
of the server-rendered SVG chart.

- Spent: the sum of the prices of the held sessions of the line.
- Committed: for each open referral (proposed, accepted, in progress) the larger of what it was
  granted (valued at referral time) and what it already spent; for a completed or stopped
  referral, what it spent. So committed ≥ spent, and an ended referral frees what it did not use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from maillage.supportcare.models import (
    OPEN_REFERRAL_STATUSES,
    FundingLine,
    SessionStatus,
    SupportCareReferral,
)

ZERO = Decimal("0.00")
CHART_WIDTH = 440  # px of the longest bar


@dataclass(frozen=True)
class LineBudget:
    line: FundingLine
    budget: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def committed_percent(self) -> int:
        return int(self.committed * 100 / self.budget) if self.budget else 0

    @property
    def spent_percent(self) -> int:
        return int(self.spent * 100 / self.budget) if self.budget else 0

    @property
    def alert(self) -> bool:
        """Raised before the money runs out: committed reached the line's alert threshold."""
        return self.budget > 0 and self.committed * 100 >= self.budget * self.line.alert_percent


def line_budget(line: FundingLine) -> LineBudget:
    return budgets_for([line])[0]


def budgets_for(lines: list[FundingLine]) -> list[LineBudget]:
    """Budgets of `lines` in two queries whatever their number."""
    ids = [line.pk for line in lines]
    committed = dict.fromkeys(ids, ZERO)
    spent = dict.fromkeys(ids, ZERO)
    rows = (
        SupportCareReferral.objects.filter(funding_line_id__in=ids)
        .annotate(held=Sum("sessions__price", filter=Q(sessions__status=SessionStatus.HELD)))
        .values_list("funding_line_id", "status", "granted_amount", "held")
    )
    for line_id, status, granted, held in rows:
        held = held or ZERO
        spent[line_id] += held
        committed[line_id] += max(granted, held) if status in OPEN_REFERRAL_STATUSES else held
    return [LineBudget(line, line.budget, committed[line.pk], spent[line.pk]) for line in lines]


def chart(budgets: list[LineBudget]) -> dict:
    """Bars for the SVG chart: per line, budget (outline), committed (hatched), spent (solid),
    each with its amount written beside it, so nothing relies on colour alone."""
    top = max([b.budget for b in budgets] + [b.committed for b in budgets] + [Decimal(1)])
    rows, y = [], 10
    for b in budgets:

        def width(value: Decimal) -> int:
            return max(int(value * CHART_WIDTH / top), 1 if value > 0 else 0)

        rows.append(
            {
                "budget": b,
                "y_title": y + 14,
                "y_budget": y + 22,
                "y_committed": y + 46,
                "y_spent": y + 70,
                "w_budget": width(b.budget),
                "w_committed": width(b.committed),
                "w_spent": width(b.spent),
            }
        )
        y += 104
    return {"rows": rows, "height": y + 10, "label_x": CHART_WIDTH + 130}


def lines_with_commitments(qs, *, since, until):
    """Funding lines annotated in one query with `committed_sum` (as in `budgets_for`) and
    `held_in_period` (held sessions between `since` and `until`), for the dashboard panel."""
    from django.db.models import Case, Count, DecimalField, OuterRef, Subquery, Value, When
    from django.db.models.functions import Coalesce, Greatest

    from maillage.supportcare.models import SupportSession

    money = DecimalField(max_digits=12, decimal_places=2)
    held = Coalesce(
        Subquery(
            SupportSession.objects.filter(referral=OuterRef("pk"), status=SessionStatus.HELD)
            .values("referral")
            .annotate(total=Sum("price"))
            .values("total")
        ),
        Value(ZERO),
        output_field=money,
    )
    per_referral = Case(
        When(status__in=OPEN_REFERRAL_STATUSES, then=Greatest("granted_amount", held)),
        default=held,
        output_field=money,
    )
    committed = (
        SupportCareReferral.objects.filter(funding_line=OuterRef("pk"))
        .annotate(commitment=per_referral)
        .values("funding_line")
        .annotate(total=Sum("commitment"))
        .values("total")
    )
    held_in_period = (
        SupportSession.objects.filter(
            referral__funding_line=OuterRef("pk"),
            status=SessionStatus.HELD,
            day__gte=since,
            day__lte=until,
        )
        .values("referral__funding_line")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return qs.annotate(
        committed_sum=Coalesce(Subquery(committed), Value(ZERO), output_field=money),
        held_in_period=Coalesce(Subquery(held_in_period), Value(0)),
    )
