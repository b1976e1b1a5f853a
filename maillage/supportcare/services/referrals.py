"""Referrals: eligibility against the rule in force, consent, entitlement, status changes and
quota exceptions. Each write is atomic, audited and leaves an automatic journal entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from maillage.audit import record
from maillage.networks.models import Coverage
from maillage.supportcare import quota
from maillage.supportcare.dates import age_on, fr
from maillage.supportcare.eligibility import Evidence, eligibility_refusals
from maillage.supportcare.models import (
    OPEN_REFERRAL_STATUSES,
    Entitlement,
    FundingLine,
    Provider,
    QuotaException,
    ReferralStatus,
    ReferralTransition,
    SessionStatus,
    SupportCareReferral,
    SupportKind,
)
from maillage.supportcare.permissions import EXCEPTION_ROLES
from maillage.supportcare.selectors import rule_in_force

TRANSITIONS = {
    ReferralStatus.PROPOSED: {ReferralStatus.ACCEPTED, ReferralStatus.STOPPED},
    ReferralStatus.ACCEPTED: {ReferralStatus.IN_PROGRESS, ReferralStatus.STOPPED},
    ReferralStatus.IN_PROGRESS: {ReferralStatus.COMPLETED, ReferralStatus.STOPPED},
    ReferralStatus.COMPLETED: set(),
    ReferralStatus.STOPPED: set(),
}


def journal(*, actor, patient, title: str, body: str, source_obj) -> None:
    """An automatic entry in the patient's coordination journal, seen by the network's staff."""
    from maillage.patients.models import Confidentiality, JournalKind
    from maillage.patients.services import journal_entry_add

    journal_entry_add(
        actor=actor,
        patient=patient,
        kind=JournalKind.EVENT,
        title=title,
        body=body,
        confidentiality=Confidentiality.NETWORK_STAFF,
        source=f"supportcare.{source_obj._meta.model_name}",
        source_uuid=source_obj.public_id,
    )


def consent_refusal(patient) -> str | None:
    """Why the patient's consent does not allow a referral, or None."""
    from maillage.patients.models import Consent, ConsentKind, ConsentScope

    current = Consent.objects.filter(patient=patient, withdrawn_at__isnull=True)
    if current.filter(kind=ConsentKind.OBJECTION, scope=ConsentScope.ALL).exists():
        return (
            "Consentement : le patient s'est opposé au partage de ses données ; aucune "
            "orientation ne peut être transmise à un intervenant."
        )
    if not current.filter(kind=ConsentKind.SHARING).exists():
        return (
            "Consentement : recueillez d'abord l'accord du patient au partage de ses données "
            "(onglet Consentement du dossier)."
        )
    return None


def commune_covered(network, commune, thematic) -> bool | None:
    if commune is None:
        return None
    places = Q(commune=commune) | Q(departement=commune.departement)
    if commune.parent_id:
        places |= Q(commune_id=commune.parent_id)
    coverages = Coverage.objects.filter(places, network=network)
    if thematic is not None:
        coverages = coverages.filter(thematic=thematic)
    return coverages.exists()


def evidence_for(*, network, patient, referred_on: date, rule, **ev) -> Evidence:
    thematic = ev.get("thematic")
    commune = ev.get("commune") or getattr(patient, "commune", None)
    return Evidence(
        on=referred_on,
        thematic_code=thematic.code if thematic else None,
        thematic_label=thematic.label if thematic else "",
        treatment_phase=ev.get("treatment_phase") or "",
        treatment_ended_on=ev.get("treatment_ended_on"),
        age=age_on(patient.birth_date, referred_on) if patient.birth_date else None,
        commune_covered=commune_covered(network, commune, rule.thematic if rule else None),
        has_ald=bool(ev.get("has_ald")),
        prescribed_on=ev.get("prescribed_on"),
        prescriber_role=ev.get("prescriber_role") or "",
        has_prescriber=bool((ev.get("prescriber_name") or "").strip()),
    )


def held_acts(entitlement: Entitlement) -> list[quota.HeldAct]:
    from maillage.supportcare.models import SupportSession

    rows = SupportSession.objects.filter(
        referral__entitlement=entitlement, status=SessionStatus.HELD
    ).values_list("referral__kind", "act_kind", "price")
    return [quota.HeldAct(kind, act, price) for kind, act, price in rows]


def allowance_for(entitlement: Entitlement) -> quota.Allowance:
    allowance = quota.Allowance()
    for kind, sessions, amount in QuotaException.objects.filter(
        referral__entitlement=entitlement
    ).values_list("referral__kind", "extra_sessions", "extra_amount"):
        allowance.extra_sessions[kind] = allowance.extra_sessions.get(kind, 0) + sessions
        allowance.extra_amount += amount
    return allowance


def value_of(rule, kind: str, count: int, held, allowance) -> Decimal:
    """What `count` more sessions of `kind` would cost under `rule` (0 past the quota)."""
    simulated, total = list(held), Decimal("0.00")
    for _ in range(count):
        try:
            act, amount = quota.check_next(rule, kind, simulated, allowance)
        except quota.QuotaRefused:
            break
        simulated.append(quota.HeldAct(kind, act, amount))
        total += amount
    return total


def _open_entitlement(patient, line: FundingLine, on: date) -> Entitlement:
    """The patient's open entitlement under `line` (locked), a new one when none or expired."""
    current = (
        Entitlement.objects.select_for_update()
        .filter(patient=patient, funding_line=line, is_closed=False)
        .first()
    )
    if current is not None and current.ends_on is not None and current.ends_on < on:
        current.is_closed = True
        current.save(update_fields=["is_closed", "updated_at"])
        current = None
    if current is None:
        current = Entitlement.objects.create(patient=patient, funding_line=line, opened_on=on)
    return current


def _check_provider(provider: Provider, kind: str, day: date) -> None:
    from maillage.supportcare.services.providers import convention_on

    if not provider.is_active:
        raise ValidationError({"provider": "Intervenant : il n'est plus actif."})
    if not provider.offers.filter(kind=kind).exists():
        raise ValidationError(
            {"provider": f"Intervenant : il ne propose pas « {SupportKind(kind).label} »."}
        )
    if convention_on(provider, day) is None:
        raise ValidationError(
            {"provider": f"Intervenant : aucune convention en vigueur le {fr(day)}."}
        )


@transaction.atomic
def referral_create(
    *,
    actor,
    patient,
    funding_line: FundingLine,
    kind: str,
    provider: Provider,
    sessions_granted: int,
    referred_on: date | None = None,
    prescription_upload=None,
    **evidence,
) -> tuple[SupportCareReferral, list[str]]:
    """Proposes a referral after checking consent, the rule in force, eligibility, the quota
    left and the budget left. Returns the referral and its warnings."""
    referred_on = referred_on or timezone.localdate()
    network = patient.network
    line = FundingLine.objects.select_for_update().get(pk=funding_line.pk)
    if line.network_id != network.pk or provider.network_id != network.pk:
        raise PermissionDenied
    if referred_on > timezone.localdate():
        raise ValidationError(
            {"referred_on": "Date de l'orientation : elle ne peut pas être dans le futur."}
        )
    if (refusal := consent_refusal(patient)) is not None:
        raise ValidationError(refusal)
    if not line.is_active or not line.starts_on <= referred_on <= line.ends_on:
        raise ValidationError(
            {
                "funding_line": f"Ligne de financement : elle ne couvre pas le "
                f"{fr(referred_on)} (période du {fr(line.starts_on)} au "
                f"{fr(line.ends_on)})."
            }
        )
    rule = rule_in_force(line, referred_on)
    if rule is None:
        raise ValidationError(
            {
                "funding_line": "Ligne de financement : aucune règle en vigueur "
                f"le {fr(referred_on)}."
            }
        )
    refusals = eligibility_refusals(
        rule,
        evidence_for(
            network=network, patient=patient, referred_on=referred_on, rule=rule, **evidence
        ),
    )
    if kind not in quota.kinds_paid(rule):
        refusals.append(f"Soin : cette ligne ne finance pas « {SupportKind(kind).label} ».")
    if refusals:
        raise ValidationError(refusals)
    _check_provider(provider, kind, referred_on)
    entitlement = _open_entitlement(patient, line, referred_on)
    held, allowance = held_acts(entitlement), allowance_for(entitlement)
    # Sessions already granted to the patient's other open referrals count as if held.
    planned = list(held)
    for other in entitlement.referrals.filter(status__in=OPEN_REFERRAL_STATUSES):
        waiting = other.sessions_granted - other.sessions.filter(status=SessionStatus.HELD).count()
        for _ in range(max(waiting, 0)):
            try:
                act, amount = quota.check_next(rule, other.kind, planned, allowance)
            except quota.QuotaRefused:
                break
            planned.append(quota.HeldAct(other.kind, act, amount))
    left = quota.remaining_sessions(rule, kind, planned, allowance)
    if sessions_granted > left:
        raise ValidationError(
            {
                "sessions_granted": (
                    f"Séances accordées : {sessions_granted} demandées, mais la règle n'en "
                    f"permet plus que {left} pour ce patient en "
                    f"{SupportKind(kind).label.lower()}, compte tenu des séances déjà "
                    "accordées. Au-delà, une dérogation est nécessaire."
                )
            }
        )
    from maillage.supportcare.budget import line_budget

    granted_amount = value_of(rule, kind, sessions_granted, planned, allowance)
    budget = line_budget(line)
    if budget.committed + granted_amount > line.budget:
        raise ValidationError(
            {
                "sessions_granted": (
                    f"Budget : il reste {quota.euros(budget.remaining)} à engager sur "
                    f"« {line.name} », ces séances en demandent {quota.euros(granted_amount)}."
                )
            }
        )
    referral = SupportCareReferral.objects.create(
        network=network,
        patient=patient,
        funding_line=line,
        entitlement=entitlement,
        kind=kind,
        provider=provider,
        referred_on=referred_on,
        sessions_granted=sessions_granted,
        granted_amount=granted_amount,
        rule=rule,
        created_by=actor,
        **{k: v for k, v in evidence.items() if k != "commune" or v is not None},
    )
    if referral.commune_id is None and getattr(patient, "commune_id", None):
        referral.commune_id = patient.commune_id
        referral.save(update_fields=["commune"])
    if prescription_upload is not None:
        from maillage.files.services import store_upload

        referral.prescription = store_upload(
            actor=actor,
            network=network,
            uploaded_file=prescription_upload,
            use="supportcare.prescription",
            owner=referral,
        )
        referral.save(update_fields=["prescription"])
    ReferralTransition.objects.create(
        referral=referral, to_status=referral.status, at=timezone.now(), by=actor
    )
    record(
        "supportcare.referral.created",
        actor=actor,
        network=network,
        target=referral,
        patient=patient,
        details={
            "kind": kind,
            "sessions_granted": sessions_granted,
            "granted_amount": f"{granted_amount:.2f}",
            "funding_line": str(line.public_id),
            "rule_version": rule.number,
            "provider": str(provider.public_id),
        },
    )
    journal(
        actor=actor,
        patient=patient,
        source_obj=referral,
        title="Orientation en soins de support",
        body=f"Orientation proposée : {SupportKind(kind).label}, {sessions_granted} "
        f"séance(s) accordée(s) sur « {line.name} », auprès de {provider.name}.",
    )
    warnings = []
    if budget.line.budget and (budget.committed + granted_amount) * 100 >= (
        line.budget * line.alert_percent
    ):
        warnings.append(
            f"Alerte budget : le seuil de {line.alert_percent} % de « {line.name} » est atteint."
        )
    return referral, warnings


@transaction.atomic
def referral_transition(
    *, actor, referral: SupportCareReferral, to_status: str, reason: str = ""
) -> SupportCareReferral:
    referral = SupportCareReferral.objects.select_for_update().get(pk=referral.pk)
    current = ReferralStatus(referral.status)
    if to_status not in TRANSITIONS[current]:
        raise ValidationError(
            f"Statut : une orientation « {current.label.lower()} » ne peut pas passer à "
            f"« {ReferralStatus(to_status).label.lower()} »."
        )
    if to_status == ReferralStatus.STOPPED and not reason.strip():
        raise ValidationError(
            {
                "reason": "Motif d'arrêt : expliquez pourquoi l'orientation "
                "s'arrête (refus du patient, déménagement…)."
            }
        )
    referral.status = to_status
    fields = ["status", "updated_at"]
    if to_status == ReferralStatus.STOPPED:
        referral.stop_reason = reason.strip()
        fields.append("stop_reason")
        referral.sessions.filter(status=SessionStatus.SCHEDULED).update(
            status=SessionStatus.CANCELLED
        )
    referral.save(update_fields=fields)
    ReferralTransition.objects.create(
        referral=referral,
        from_status=current,
        to_status=to_status,
        at=timezone.now(),
        by=actor,
        reason=reason.strip(),
    )
    record(
        "supportcare.referral.status_changed",
        actor=actor,
        network=referral.network,
        target=referral,
        patient=referral.patient,
        details={"from": current.value, "to": to_status, "reason": reason.strip()},
    )
    journal(
        actor=actor,
        patient=referral.patient,
        source_obj=referral,
        title="Soins de support",
        body=f"Orientation {referral.get_kind_display().lower()} : "
        f"{ReferralStatus(to_status).label.lower()}"
        + (f" — motif : {reason.strip()}" if reason.strip() else "")
        + ".",
    )
    return referral


@transaction.atomic
def quota_exception_grant(
    *,
    actor,
    role: str,
    referral: SupportCareReferral,
    extra_sessions: int,
    extra_amount: Decimal,
    reason: str,
) -> QuotaException:
    """Sessions (and money) beyond the rule, by the medical lead or the director only."""
    if role not in EXCEPTION_ROLES:
        raise PermissionDenied(
            "Seuls le médecin coordonnateur et la direction accordent une dérogation."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Motif : une dérogation se justifie par écrit."})
    if extra_sessions <= 0 and extra_amount <= 0:
        raise ValidationError("Dérogation : accordez au moins une séance ou un montant.")
    referral = SupportCareReferral.objects.select_for_update().get(pk=referral.pk)
    Entitlement.objects.select_for_update().get(pk=referral.entitlement_id)
    if not referral.is_open:
        raise ValidationError("Dérogation : l'orientation est close.")
    exception = QuotaException.objects.create(
        referral=referral,
        extra_sessions=extra_sessions,
        extra_amount=extra_amount,
        reason=reason.strip(),
        granted_by=actor,
        granted_role=role,
    )
    referral.sessions_granted += extra_sessions
    referral.granted_amount += (
        value_of(
            referral.rule,
            referral.kind,
            extra_sessions,
            held_acts(referral.entitlement),
            allowance_for(referral.entitlement),
        )
        if extra_sessions
        else Decimal("0")
    )
    referral.save(update_fields=["sessions_granted", "granted_amount", "updated_at"])
    record(
        "supportcare.quota_exception.granted",
        actor=actor,
        network=referral.network,
        target=exception,
        patient=referral.patient,
        details={
            "referral": str(referral.public_id),
            "extra_sessions": extra_sessions,
            "extra_amount": f"{extra_amount:.2f}",
            "reason": exception.reason,
            "role": role,
        },
    )
    journal(
        actor=actor,
        patient=referral.patient,
        source_obj=exception,
        title="Dérogation soins de support",
        body=f"Dérogation accordée ({referral.get_kind_display().lower()}) : "
        f"{extra_sessions} séance(s) et {quota.euros(extra_amount)} de plus. "
        f"Motif : {exception.reason}",
    )
    return exception
