"""Budget per funding line: committed (granted) and spent (held), exact decimals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from maillage.supportcare.models import FundingLine

ZERO = Decimal("0.00")


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
    return [LineBudget(line, line.budget, ZERO, ZERO) for line in lines]
