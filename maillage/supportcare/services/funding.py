"""Funding lines and rule versions. A price or rule change is a new version, never an edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.audit import record
from maillage.supportcare.dates import fr
from maillage.supportcare.models import ActPrice, FundingLine, QuotaLimit, RuleVersion

LINE_EDITABLE = (
    "name",
    "funder",
    "funder_name",
    "reference",
    "budget",
    "alert_percent",
    "notes",
    "is_active",
)
RULE_FIELDS = (
    "thematic",
    "treatment_condition",
    "after_treatment_months",
    "min_age",
    "max_age",
    "requires_coverage",
    "requires_prescription",
    "requires_ald",
    "prescriber_roles",
    "amount_cap",
    "entitlement_months",
    "source",
)


@dataclass(frozen=True)
class PriceSpec:
    kind: str
    act_kind: str
    amount: Decimal


@dataclass(frozen=True)
class LimitSpec:
    kinds: tuple[str, ...]
    act_kind: str
    max_sessions: int


def _money(value) -> str:
    return f"{Decimal(value):.2f}" if value is not None else ""


@transaction.atomic
def funding_line_create(*, actor, network, **fields) -> FundingLine:
    line = FundingLine(network=network, **fields)
    line.full_clean()
    line.save()
    record(
        "supportcare.funding_line.created",
        actor=actor,
        network=network,
        target=line,
        details={"name": line.name, "budget": _money(line.budget), "funder": line.funder},
    )
    return line


@transaction.atomic
def funding_line_update(*, actor, line: FundingLine, **fields) -> FundingLine:
    line = FundingLine.objects.select_for_update().get(pk=line.pk)
    changes = {}
    for name, value in fields.items():
        if name not in LINE_EDITABLE:
            raise ValueError(f"{name} is not editable")
        old = getattr(line, name)
        if old != value:
            changes[name] = {"from": str(old), "to": str(value)}
            setattr(line, name, value)
    line.full_clean()
    line.save()
    record(
        "supportcare.funding_line.updated",
        actor=actor,
        network=line.network,
        target=line,
        details={"changes": changes},
    )
    return line


def _priced_sessions_from(line: FundingLine, day: date) -> date | None:
    """The latest date of a session already valued under this line on or after `day`."""
    from django.apps import apps

    try:
        SupportSession = apps.get_model("supportcare", "SupportSession")
    except LookupError:  # sessions arrive with the patient record
        return None
    return (
        SupportSession.objects.filter(rule__funding_line=line, day__gte=day)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )


@transaction.atomic
def rule_version_create(
    *,
    actor,
    line: FundingLine,
    valid_from: date,
    prices: list[PriceSpec],
    limits: list[LimitSpec],
    **rule_fields,
) -> RuleVersion:
    """Adds the version in force from `valid_from`, closing the previous one the day before.

    Refused (ValidationError, French) when the date is outside the line's period, not after the
    current version's start (that would overwrite it), or before a session already valued under
    the line (that session keeps its price: choose a later date).
    """
    line = FundingLine.objects.select_for_update().get(pk=line.pk)
    if not line.starts_on <= valid_from <= line.ends_on:
        raise ValidationError(
            {
                "valid_from": f"Date d'effet : choisissez une date dans la période de la ligne "
                f"(du {fr(line.starts_on)} au {fr(line.ends_on)})."
            }
        )
    if not prices:
        raise ValidationError("Tarifs : indiquez au moins un tarif (soin, acte, montant).")
    seen = set()
    for price in prices:
        if price.amount is None or price.amount <= 0:
            raise ValidationError("Tarifs : chaque montant doit être supérieur à 0 €.")
        if (price.kind, price.act_kind) in seen:
            raise ValidationError(
                "Tarifs : un même soin et un même acte ne peuvent avoir qu'un tarif par version."
            )
        seen.add((price.kind, price.act_kind))
    current = line.rule_versions.order_by("-valid_from").first()
    if current is not None:
        if valid_from <= current.valid_from:
            raise ValidationError(
                {
                    "valid_from": f"Date d'effet : la version {current.number} est en vigueur "
                    f"depuis le {fr(current.valid_from)} ; une nouvelle version doit commencer "
                    "après cette date (les versions ne sont jamais modifiées)."
                }
            )
        last_session = _priced_sessions_from(line, valid_from)
        if last_session is not None:
            raise ValidationError(
                {
                    "valid_from": f"Date d'effet : des séances sont déjà valorisées jusqu'au "
                    f"{fr(last_session)} avec les règles actuelles ; choisissez une date "
                    f"postérieure au {fr(last_session)}."
                }
            )
        current.valid_to = valid_from - timedelta(days=1)
        current.save(update_fields=["valid_to", "updated_at"])
    rule = RuleVersion(
        funding_line=line,
        number=(current.number + 1) if current else 1,
        valid_from=valid_from,
        valid_to=None,
        created_by=actor,
        **rule_fields,
    )
    rule.full_clean()
    rule.save()
    ActPrice.objects.bulk_create(
        ActPrice(rule=rule, kind=p.kind, act_kind=p.act_kind, amount=p.amount) for p in prices
    )
    for spec in limits:
        limit = QuotaLimit(
            rule=rule,
            kinds=list(spec.kinds),
            act_kind=spec.act_kind,
            max_sessions=spec.max_sessions,
        )
        limit.full_clean()
        limit.save()
    record(
        "supportcare.rule_version.created",
        actor=actor,
        network=line.network,
        target=rule,
        details={
            "funding_line": str(line.public_id),
            "number": rule.number,
            "valid_from": valid_from.isoformat(),
            "previous_closed_on": current.valid_to.isoformat() if current else None,
            "prices": [[p.kind, p.act_kind, _money(p.amount)] for p in prices],
            "limits": [[list(s.kinds), s.act_kind, s.max_sessions] for s in limits],
            "amount_cap": _money(rule.amount_cap),
        },
    )
    return rule


def rule_fields_of(rule: RuleVersion) -> dict:
    """The copyable fields of a version (to prefill the next one)."""
    return {name: getattr(rule, name) for name in RULE_FIELDS}
