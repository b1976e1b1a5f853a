"""Recording support-care sessions under the quota.

Recording a held session locks the funding line's row then the patient's entitlement row
(`select_for_update`, always in that order), recounts what was held and prices the act under
the rule in force that day: two concurrent recordings of the last session cannot both succeed.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from maillage.audit import record
from maillage.supportcare import quota
from maillage.supportcare.dates import add_months, fr, month_start
from maillage.supportcare.models import (
    ActKind,
    Entitlement,
    FundingLine,
    ReferralStatus,
    SessionStatus,
    Statement,
    SupportCareReferral,
    SupportSession,
)
from maillage.supportcare.selectors import rule_in_force
from maillage.supportcare.services.providers import convention_on
from maillage.supportcare.services.referrals import (
    allowance_for,
    held_acts,
    journal,
    referral_transition,
)

RECORDABLE = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)


def _common_checks(referral: SupportCareReferral, day: date, status: str) -> None:
    today = timezone.localdate()
    if status not in SessionStatus.values:
        raise ValidationError({"status": "Statut : choisissez un statut de séance."})
    if referral.status not in RECORDABLE:
        raise ValidationError(
            f"Orientation « {referral.get_status_display().lower()} » : les séances se "
            "saisissent une fois l'orientation acceptée par le patient et tant qu'elle est "
            "en cours."
        )
    if day < referral.referred_on:
        raise ValidationError(
            {
                "day": f"Date : la séance du {fr(day)} précède l'orientation "
                f"du {fr(referral.referred_on)}."
            }
        )
    if (
        status in (SessionStatus.HELD, SessionStatus.MISSED_EXCUSED, SessionStatus.MISSED_UNEXCUSED)
        and day > today
    ):
        raise ValidationError(
            {
                "day": f"Date : une séance ne peut pas être déclarée réalisée ou "
                f"manquée le {fr(day)}, qui est dans le futur."
            }
        )
    if status == SessionStatus.SCHEDULED and day < today:
        raise ValidationError(
            {
                "day": "Date : une séance programmée est à venir ; pour une "
                "séance passée, indiquez si elle a été réalisée ou manquée."
            }
        )
    if convention_on(referral.provider, day) is None:
        raise ValidationError(
            {
                "day": f"Intervenant : {referral.provider.name} n'a pas de "
                f"convention en vigueur le {fr(day)} ; la séance ne peut pas "
                "être prise en charge."
            }
        )


def _warnings(referral: SupportCareReferral, entitlement: Entitlement, rule) -> list[str]:
    held = referral.sessions.filter(status=SessionStatus.HELD).count()
    left_referral = referral.sessions_granted - held
    left_rule = quota.remaining_sessions(
        rule, referral.kind, held_acts(entitlement), allowance_for(entitlement)
    )
    left = min(left_referral, left_rule)
    warnings = []
    if held == 1:
        warnings.append("Première séance réalisée : le droit du patient est ouvert.")
    if left == 1:
        warnings.append("Plus qu'une séance possible pour ce patient.")
    elif left <= 0:
        warnings.append(
            "Quota atteint : plus aucune séance ne peut être prise en charge sans dérogation."
        )
    return warnings


def _price_held(referral, entitlement, line, day):
    """The act, price and rule of one more held session; ValidationError when it does not fit."""
    if not line.starts_on <= day <= line.ends_on:
        raise ValidationError(
            {
                "day": f"Date : la ligne « {line.name} » ne couvre que du "
                f"{fr(line.starts_on)} au {fr(line.ends_on)}."
            }
        )
    if Statement.objects.filter(provider=referral.provider, month=month_start(day)).exists():
        raise ValidationError(
            {
                "day": f"Date : le relevé de {day:%m/%Y} de cet intervenant est "
                "déjà émis ; une séance de ce mois ne peut plus être ajoutée."
            }
        )
    if entitlement.starts_on and day < entitlement.starts_on:
        raise ValidationError(
            {
                "day": f"Date : le droit du patient court depuis la première "
                f"séance du {fr(entitlement.starts_on)} ; une séance antérieure "
                "ne peut pas y être rattachée."
            }
        )
    if entitlement.ends_on and day > entitlement.ends_on:
        raise ValidationError(
            {
                "day": f"Date : le droit du patient a pris fin le "
                f"{fr(entitlement.ends_on)} ; une nouvelle prescription et une "
                "nouvelle orientation sont nécessaires."
            }
        )
    held_here = referral.sessions.filter(status=SessionStatus.HELD).count()
    if held_here >= referral.sessions_granted:
        raise ValidationError(
            f"Séances accordées : les {referral.sessions_granted} séances accordées sont toutes "
            "réalisées. Au-delà, une dérogation du médecin coordonnateur ou de la direction est "
            "nécessaire."
        )
    rule = rule_in_force(line, day)
    if rule is None:
        raise ValidationError(
            {"day": f"Date : aucune règle de « {line.name} » n'est en vigueur le {fr(day)}."}
        )
    try:
        act, price = quota.check_next(
            rule, referral.kind, held_acts(entitlement), allowance_for(entitlement)
        )
    except quota.QuotaRefused as refused:
        raise ValidationError(refused.messages) from refused
    spent = SupportSession.objects.filter(
        rule__funding_line=line, status=SessionStatus.HELD
    ).aggregate(total=Sum("price"))["total"] or Decimal("0")
    if spent + price > line.budget:
        raise ValidationError(
            f"Budget épuisé : {quota.euros(spent)} déjà réalisés sur "
            f"{quota.euros(line.budget)} pour « {line.name} »."
        )
    return act, price, rule


@transaction.atomic
def session_record(
    *,
    actor,
    referral: SupportCareReferral,
    day: date,
    status: str,
    start_time=None,
    place=None,
    note: str = "",
    session: SupportSession | None = None,
) -> tuple[SupportSession, list[str]]:
    """Creates a session, or moves a scheduled one to its outcome. Returns it with warnings."""
    referral = SupportCareReferral.objects.select_related(
        "provider__professional", "provider__organisation", "patient", "network"
    ).get(pk=referral.pk)
    _common_checks(referral, day, status)
    if place is not None and place.provider_id != referral.provider_id:
        raise ValidationError({"place": "Lieu : choisissez un lieu de l'intervenant."})
    if session is not None:
        session = SupportSession.objects.select_for_update().get(pk=session.pk)
        if session.referral_id != referral.pk or session.status != SessionStatus.SCHEDULED:
            raise ValidationError(
                "Séance : seule une séance programmée peut être complétée ; "
                "pour corriger une séance réalisée, annulez-la."
            )
    else:
        session = SupportSession(referral=referral, provider=referral.provider)
    warnings: list[str] = []
    if status == SessionStatus.SCHEDULED:
        planned = referral.sessions.filter(
            status__in=[SessionStatus.SCHEDULED, SessionStatus.HELD]
        ).count()
        if planned >= referral.sessions_granted:
            raise ValidationError(
                f"Séances accordées : {planned} séances sont déjà programmées ou réalisées sur "
                f"{referral.sessions_granted} accordées."
            )
    if status == SessionStatus.HELD:
        line = FundingLine.objects.select_for_update().get(pk=referral.funding_line_id)
        entitlement = Entitlement.objects.select_for_update().get(pk=referral.entitlement_id)
        act, price, rule = _price_held(referral, entitlement, line, day)
        if entitlement.starts_on is None:
            entitlement.starts_on = day
            entitlement.ends_on = (
                add_months(day, rule.entitlement_months) - timedelta(days=1)
                if rule.entitlement_months
                else line.ends_on
            )
        entitlement.used_sessions += 1
        entitlement.used_amount += price
        entitlement.save(
            update_fields=["starts_on", "ends_on", "used_sessions", "used_amount", "updated_at"]
        )
        session.act_kind, session.price, session.rule = act, price, rule
    session.day, session.status, session.start_time = day, status, start_time
    session.place, session.note, session.recorded_by = place, note.strip(), actor
    session.save()
    if status == SessionStatus.HELD:
        if referral.status == ReferralStatus.ACCEPTED:
            referral_transition(
                actor=actor, referral=referral, to_status=ReferralStatus.IN_PROGRESS
            )
        warnings = _warnings(referral, entitlement, rule)
    record(
        "supportcare.session.recorded",
        actor=actor,
        network=referral.network,
        target=session,
        patient=referral.patient,
        details={
            "referral": str(referral.public_id),
            "status": status,
            "day": day.isoformat(),
            "act_kind": session.act_kind,
            "price": f"{session.price:.2f}" if session.price is not None else None,
            "warnings": warnings,
        },
    )
    label = SessionStatus(status).label.lower()
    act_label = f" ({ActKind(session.act_kind).label.lower()})" if session.act_kind else ""
    journal(
        actor=actor,
        patient=referral.patient,
        source_obj=session,
        title="Séance de soins de support",
        body=f"Séance {referral.get_kind_display().lower()}{act_label} du {fr(day)} : "
        f"{label}, avec {referral.provider.name}.",
    )
    return session, warnings


@transaction.atomic
def session_cancel(*, actor, session: SupportSession, reason: str) -> SupportSession:
    """Cancels a scheduled session, or corrects a held one (its money goes back to the
    entitlement) as long as it is on no statement."""
    if not reason.strip():
        raise ValidationError({"reason": "Motif : expliquez pourquoi la séance est annulée."})
    session = SupportSession.objects.select_related("referral").get(pk=session.pk)
    referral = session.referral
    if session.status == SessionStatus.HELD:
        FundingLine.objects.select_for_update().get(pk=referral.funding_line_id)
        entitlement = Entitlement.objects.select_for_update().get(pk=referral.entitlement_id)
        session = SupportSession.objects.select_for_update().get(pk=session.pk)
        if session.statement_id:
            raise ValidationError(
                "Séance : elle figure sur un relevé émis et ne peut plus être annulée."
            )
        if (
            session.act_kind == ActKind.INITIAL
            and SupportSession.objects.filter(
                referral__entitlement=entitlement,
                referral__kind=referral.kind,
                status=SessionStatus.HELD,
                day__gte=session.day,
            )
            .exclude(pk=session.pk)
            .exists()
        ):
            raise ValidationError(
                "Séance : c'est le bilan initial ; annulez d'abord les séances réalisées après lui."
            )
        entitlement.used_sessions -= 1
        entitlement.used_amount -= session.price
        entitlement.save(update_fields=["used_sessions", "used_amount", "updated_at"])
    elif session.status != SessionStatus.SCHEDULED:
        raise ValidationError("Séance : seule une séance programmée ou réalisée s'annule.")
    previous = session.status
    session.status = SessionStatus.CANCELLED
    session.act_kind, session.price, session.rule = "", None, None
    session.note = reason.strip()[:300]
    session.save(update_fields=["status", "act_kind", "price", "rule", "note", "updated_at"])
    record(
        "supportcare.session.cancelled",
        actor=actor,
        network=referral.network,
        target=session,
        patient=referral.patient,
        details={"from": previous, "reason": reason.strip()},
    )
    journal(
        actor=actor,
        patient=referral.patient,
        source_obj=session,
        title="Séance de soins de support",
        body=f"Séance {referral.get_kind_display().lower()} du {fr(session.day)} annulée.",
    )
    return session
