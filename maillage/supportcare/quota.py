"""The quota: which act the next session is, what it costs, and whether it still fits.

Pure functions over a rule version (its prices and limits, prefetched) and the acts already held
under the patient's entitlement. The services call them while the entitlement row is locked
(`select_for_update`), so two recordings never both see room for the last session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from maillage.supportcare.models.choices import ActKind, SupportKind

CENT = Decimal("0.01")
NARROW_NBSP = "\u202f"


def euros(amount: Decimal | None) -> str:
    """French money: 1234.5 -> '1 234,50 €' (exact decimal, never a float)."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(CENT)
    sign = "-" if value < 0 else ""
    units, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    return f"{sign}{NARROW_NBSP.join(groups)},{cents}\u00a0€"


@dataclass(frozen=True)
class HeldAct:
    kind: str
    act_kind: str
    amount: Decimal


@dataclass
class Allowance:
    """Exceptions granted on top of the rule: extra sessions per kind, extra amount."""

    extra_sessions: dict[str, int] = field(default_factory=dict)
    extra_amount: Decimal = Decimal("0")


class QuotaRefused(Exception):
    """The session does not fit the rule; `messages` says why, in French."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def _prices(rule) -> dict[tuple[str, str], Decimal]:
    return {(p.kind, p.act_kind): p.amount for p in rule.prices.all()}


def kinds_paid(rule) -> list[str]:
    return sorted({p.kind for p in rule.prices.all()})


def next_act(rule, kind: str, held: Iterable[HeldAct]) -> tuple[str, Decimal]:
    """The act the next held session of `kind` is, and its price; QuotaRefused if none."""
    prices = _prices(rule)
    label = SupportKind(kind).label.lower()
    had_initial = any(a.kind == kind and a.act_kind == ActKind.INITIAL for a in held)
    if (kind, ActKind.INITIAL) in prices and not had_initial:
        return ActKind.INITIAL, prices[(kind, ActKind.INITIAL)]
    for act in (ActKind.FOLLOW_UP, ActKind.SESSION):
        if (kind, act) in prices:
            return act, prices[(kind, act)]
    if (kind, ActKind.INITIAL) in prices:
        raise QuotaRefused(
            [
                f"Cette ligne ne finance qu'un bilan initial en {label}, déjà réalisé pour ce "
                "patient : aucune consultation de suivi n'est prévue."
            ]
        )
    raise QuotaRefused([f"Cette ligne de financement ne paie pas de séance en {label}."])


def quota_refusals(
    rule, kind: str, act_kind: str, amount: Decimal, held: list[HeldAct], allowance: Allowance
) -> list[str]:
    """Reasons why one more act (kind, act_kind, amount) would exceed the rule."""
    refusals = []
    for limit in rule.limits.all():
        if kind not in limit.kinds or (limit.act_kind and limit.act_kind != act_kind):
            continue
        done = sum(
            1
            for a in held
            if a.kind in limit.kinds and (not limit.act_kind or a.act_kind == limit.act_kind)
        )
        allowed = limit.max_sessions + sum(allowance.extra_sessions.get(k, 0) for k in limit.kinds)
        if done + 1 > allowed:
            refusals.append(
                f"Quota atteint — {limit.description} : {done} déjà réalisée(s) sur {allowed} "
                "autorisée(s). Au-delà, une dérogation du médecin coordonnateur ou de la "
                "direction est nécessaire."
            )
    if rule.amount_cap is not None:
        used = sum((a.amount for a in held), Decimal("0"))
        cap = rule.amount_cap + allowance.extra_amount
        if used + amount > cap:
            refusals.append(
                f"Plafond atteint : {euros(used)} déjà consommés sur {euros(cap)} par patient ; "
                f"cette séance ({euros(amount)}) le dépasserait."
            )
    return refusals


def check_next(rule, kind: str, held: list[HeldAct], allowance: Allowance) -> tuple[str, Decimal]:
    """The next act and its price when it fits; QuotaRefused otherwise."""
    act_kind, amount = next_act(rule, kind, held)
    refusals = quota_refusals(rule, kind, act_kind, amount, held, allowance)
    if refusals:
        raise QuotaRefused(refusals)
    return act_kind, amount


def remaining_sessions(
    rule, kind: str, held: list[HeldAct], allowance: Allowance, ceiling: int = 100
) -> int:
    """How many more sessions of `kind` the rule would still pay (simulated one by one)."""
    simulated = list(held)
    for count in range(ceiling):
        try:
            act_kind, amount = check_next(rule, kind, simulated, allowance)
        except QuotaRefused:
            return count
        simulated.append(HeldAct(kind, act_kind, amount))
    return ceiling
