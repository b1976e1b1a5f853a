"""Providers, conventions, places, accounts and bank details (two people for any bank change)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from maillage.audit import record
from maillage.supportcare.dates import fr
from maillage.supportcare.models import (
    BankChangeStatus,
    BankDetailsChange,
    Convention,
    Provider,
    ProviderAccount,
    ProviderOffer,
    ProviderPlace,
)
from maillage.supportcare.models.providers import mask_iban


def iban_clean(value: str) -> str:
    """The compact IBAN when valid (python-stdnum: length per country, ISO 7064 key), else a
    ValidationError saying what to fix."""
    compact = stdnum_iban.compact(value or "")
    if not compact:
        raise ValidationError("IBAN : saisissez l'IBAN du compte (27 caractères en France).")
    if compact.startswith("FR") and len(compact) != 27:
        raise ValidationError(
            f"IBAN : {len(compact)} caractères, un IBAN français en compte 27 ; vérifiez qu'il "
            "n'en manque pas."
        )
    try:
        return stdnum_iban.validate(compact)
    except InvalidChecksum as exc:
        raise ValidationError(
            "IBAN : la clé de contrôle est fausse ; vérifiez chaque caractère sur le RIB."
        ) from exc
    except InvalidLength as exc:
        raise ValidationError(
            f"IBAN : {len(compact)} caractères, ce n'est pas la longueur attendue pour ce pays "
            "(27 pour la France)."
        ) from exc
    except (InvalidFormat, InvalidComponent) as exc:
        raise ValidationError(
            "IBAN : format non reconnu ; il commence par le code pays (FR76…) suivi de chiffres "
            "et de lettres."
        ) from exc


def _set_offers(provider: Provider, kinds: list[str]) -> None:
    provider.offers.exclude(kind__in=kinds).delete()
    existing = set(provider.offers.values_list("kind", flat=True))
    ProviderOffer.objects.bulk_create(
        ProviderOffer(provider=provider, kind=k) for k in kinds if k not in existing
    )


@transaction.atomic
def provider_create(
    *, actor, network, kinds: list[str], professional=None, organisation=None, **fields
) -> Provider:
    if Provider.objects.filter(
        network=network, professional=professional, organisation=organisation
    ).exists():
        raise ValidationError("Cet intervenant est déjà enregistré pour le réseau.")
    provider = Provider(
        network=network, professional=professional, organisation=organisation, **fields
    )
    provider.full_clean(exclude=["iban"])
    provider.save()
    _set_offers(provider, kinds)
    record(
        "supportcare.provider.created",
        actor=actor,
        network=network,
        target=provider,
        details={"kinds": sorted(kinds)},
    )
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, kinds: list[str], **fields) -> Provider:
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    changes = {}
    for name in ("email", "phone", "is_active"):
        if name in fields and getattr(provider, name) != fields[name]:
            changes[name] = {"from": str(getattr(provider, name)), "to": str(fields[name])}
            setattr(provider, name, fields[name])
    old_kinds = sorted(provider.offers.values_list("kind", flat=True))
    if sorted(kinds) != old_kinds:
        changes["kinds"] = {"from": old_kinds, "to": sorted(kinds)}
    provider.full_clean(exclude=["iban"])
    provider.save()
    _set_offers(provider, kinds)
    record(
        "supportcare.provider.updated",
        actor=actor,
        network=provider.network,
        target=provider,
        details={"changes": changes},
    )
    return provider


@transaction.atomic
def place_add(*, actor, provider: Provider, name: str, address: str = "", commune=None):
    place = ProviderPlace.objects.create(
        provider=provider, name=name, address=address, commune=commune
    )
    record(
        "supportcare.provider_place.created",
        actor=actor,
        network=provider.network,
        target=place,
        details={"provider": str(provider.public_id)},
    )
    return place


@transaction.atomic
def convention_add(
    *,
    actor,
    provider: Provider,
    signed_on: date,
    starts_on: date,
    ends_on: date | None,
    reference: str = "",
    notes: str = "",
    document_upload=None,
) -> Convention:
    """A new convention; refused when it overlaps one already recorded for the provider."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "Fin de validité : elle doit suivre le début."})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "Date de signature : elle ne peut pas être future."})
    for other in provider.conventions.all():
        other_end = other.ends_on or date.max
        new_end = ends_on or date.max
        if other.starts_on <= new_end and starts_on <= other_end:
            raise ValidationError(
                {
                    "starts_on": f"Période : elle chevauche la convention du {fr(other.starts_on)}"
                    + (f" au {fr(other.ends_on)}" if other.ends_on else " (sans date de fin)")
                    + " ; terminez-la d'abord ou choisissez d'autres dates."
                }
            )
    convention = Convention.objects.create(
        provider=provider,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        reference=reference,
        notes=notes,
        created_by=actor,
    )
    if document_upload is not None:
        from maillage.files.services import store_upload

        convention.document = store_upload(
            actor=actor,
            network=provider.network,
            uploaded_file=document_upload,
            use="supportcare.convention",
            owner=convention,
        )
        convention.save(update_fields=["document", "updated_at"])
    record(
        "supportcare.convention.created",
        actor=actor,
        network=provider.network,
        target=convention,
        details={
            "provider": str(provider.public_id),
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
            "document": str(convention.document.public_id) if convention.document else None,
        },
    )
    return convention


def convention_on(provider: Provider, day: date) -> Convention | None:
    return (
        provider.conventions.filter(starts_on__lte=day)
        .exclude(ends_on__lt=day)
        .order_by("-starts_on")
        .first()
    )


@transaction.atomic
def bank_change_request(
    *, actor, provider: Provider, iban: str, account_holder: str
) -> BankDetailsChange:
    """Records a pending change; nothing is applied before a second person approves it."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    compact = iban_clean(iban)
    if not account_holder.strip():
        raise ValidationError({"account_holder": "Titulaire du compte : indiquez son nom."})
    if provider.bank_changes.filter(status=BankChangeStatus.PENDING).exists():
        raise ValidationError(
            "Un changement de coordonnées bancaires attend déjà une approbation pour cet "
            "intervenant : faites-le approuver ou refuser avant d'en demander un autre."
        )
    change = BankDetailsChange.objects.create(
        provider=provider,
        iban=compact,
        account_holder=account_holder.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    record(
        "supportcare.bank_details.change_requested",
        actor=actor,
        network=provider.network,
        target=change,
        details={"provider": str(provider.public_id), "iban_masked": mask_iban(compact)},
    )
    return change


def _notify_provider(provider: Provider, change: BankDetailsChange) -> None:
    from maillage.tasks.mail import send_email_task

    body = render_to_string(
        "supportcare/emails/bank_details_changed.txt",
        {"provider": provider, "change": change, "network": provider.network},
    )
    subject = f"{provider.network.name} : vos coordonnées bancaires ont été modifiées"
    to = [provider.email]
    transaction.on_commit(lambda: send_email_task.enqueue(subject=subject, body=body, to=to))


@transaction.atomic
def bank_change_approve(*, actor, change: BankDetailsChange) -> Provider:
    change = BankDetailsChange.objects.select_for_update().get(pk=change.pk)
    if change.status != BankChangeStatus.PENDING:
        raise ValidationError("Ce changement a déjà été traité.")
    if change.requested_by_id == actor.pk:
        raise PermissionDenied(
            "Vous avez demandé ce changement : une autre personne de l'équipe doit l'approuver."
        )
    provider = Provider.objects.select_for_update().get(pk=change.provider_id)
    previous = provider.masked_iban
    provider.iban = change.iban
    provider.account_holder = change.account_holder
    provider.bank_details_changed_at = timezone.now()
    provider.save(update_fields=["iban", "account_holder", "bank_details_changed_at", "updated_at"])
    change.status = BankChangeStatus.APPROVED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    record(
        "supportcare.bank_details.changed",
        actor=actor,
        network=provider.network,
        target=provider,
        details={
            "change": str(change.public_id),
            "requested_by": str(change.requested_by.public_id),
            "from": previous,
            "to": provider.masked_iban,
        },
    )
    _notify_provider(provider, change)
    return provider


@transaction.atomic
def bank_change_reject(*, actor, change: BankDetailsChange, note: str) -> BankDetailsChange:
    change = BankDetailsChange.objects.select_for_update().get(pk=change.pk)
    if change.status != BankChangeStatus.PENDING:
        raise ValidationError("Ce changement a déjà été traité.")
    if change.requested_by_id == actor.pk:
        raise PermissionDenied(
            "Vous avez demandé ce changement : une autre personne de l'équipe doit en décider."
        )
    if not note.strip():
        raise ValidationError({"note": "Motif : expliquez pourquoi le changement est refusé."})
    change.status = BankChangeStatus.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note.strip()
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    record(
        "supportcare.bank_details.change_rejected",
        actor=actor,
        network=change.provider.network,
        target=change,
        details={"note": change.decision_note},
    )
    return change


@transaction.atomic
def provider_account_link(*, actor, provider: Provider, user) -> ProviderAccount:
    if not user.is_external:
        raise ValidationError(
            "Compte : seul un compte de professionnel extérieur peut être rattaché à un "
            "intervenant."
        )
    account, _ = ProviderAccount.objects.update_or_create(
        provider=provider, user=user, defaults={"is_active": True}
    )
    record(
        "supportcare.provider_account.linked",
        actor=actor,
        network=provider.network,
        target=account,
        details={"provider": str(provider.public_id), "user": str(user.public_id)},
    )
    return account
