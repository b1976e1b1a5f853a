"""Providers: IBAN checked, stored encrypted, shown masked; two people and a notice for a change."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from maillage.audit.models import AuditEvent
from maillage.supportcare.models import BankChangeStatus, BankDetailsChange, Provider
from maillage.supportcare.services.providers import (
    bank_change_approve,
    bank_change_reject,
    bank_change_request,
    convention_add,
    convention_on,
    iban_clean,
)
from maillage.supportcare.tests.factories import IBAN_A, IBAN_B


def test_it_accepts_a_valid_iban_with_spaces():
    assert iban_clean("fr76 3000 6000 0112 3456 7890 189") == IBAN_A


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("FR7630006000011234567890188", "clé de contrôle"),
        ("FR76300060000112345678901", "en compte 27"),
        ("", "saisissez l'IBAN"),
        ("ZZ7630006000011234567890189", "IBAN :"),
    ],
)
def test_it_refuses_an_invalid_iban_in_french(value, expected):
    with pytest.raises(ValidationError) as refused:
        iban_clean(value)
    assert expected in refused.value.messages[0]


def test_a_bank_change_needs_a_second_person_and_notifies_the_provider(
    support_provider, coordinator, director, django_capture_on_commit_callbacks
):
    change = bank_change_request(
        actor=coordinator, provider=support_provider, iban=IBAN_A, account_holder="Cabinet Martin"
    )
    support_provider.refresh_from_db()
    assert support_provider.iban == ""  # nothing applied yet
    with pytest.raises(PermissionDenied):
        bank_change_approve(actor=coordinator, change=change)
    with django_capture_on_commit_callbacks(execute=True):
        bank_change_approve(actor=director, change=change)
    support_provider.refresh_from_db()
    assert support_provider.iban == IBAN_A
    assert support_provider.masked_iban == "FR76 •••• •••• •••• •••• •••0 189"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [support_provider.email]
    assert "FR76 •••• •••• •••• •••• •••0 189" in mail.outbox[0].body
    assert IBAN_A not in mail.outbox[0].body
    event = AuditEvent.objects.get(action="supportcare.bank_details.changed")
    assert IBAN_A not in str(event.details)


def test_the_iban_is_encrypted_in_the_database(support_provider, coordinator, director):
    change = bank_change_request(
        actor=coordinator, provider=support_provider, iban=IBAN_B, account_holder="Cabinet Martin"
    )
    bank_change_approve(actor=director, change=change)
    with connection.cursor() as cursor:
        cursor.execute("SELECT iban FROM supportcare_provider WHERE id = %s", [support_provider.pk])
        raw = cursor.fetchone()[0]
        cursor.execute("SELECT iban FROM supportcare_bankdetailschange")
        raw_change = cursor.fetchone()[0]
    assert IBAN_B not in raw and IBAN_B not in raw_change
    assert Provider.objects.get(pk=support_provider.pk).iban == IBAN_B


def test_the_database_refuses_an_approval_by_the_requester(support_provider, coordinator):
    change = bank_change_request(
        actor=coordinator, provider=support_provider, iban=IBAN_A, account_holder="Cabinet Martin"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BankDetailsChange.objects.filter(pk=change.pk).update(decided_by=coordinator)


def test_only_one_pending_change_and_a_rejection_needs_a_reason(
    support_provider, coordinator, director
):
    change = bank_change_request(
        actor=coordinator, provider=support_provider, iban=IBAN_A, account_holder="Cabinet Martin"
    )
    with pytest.raises(ValidationError) as refused:
        bank_change_request(
            actor=director, provider=support_provider, iban=IBAN_B, account_holder="Autre"
        )
    assert "attend déjà" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        bank_change_reject(actor=director, change=change, note=" ")
    bank_change_reject(actor=director, change=change, note="RIB illisible")
    change.refresh_from_db()
    assert change.status == BankChangeStatus.REJECTED
    support_provider.refresh_from_db()
    assert support_provider.iban == ""


def test_conventions_may_not_overlap(support_provider, coordinator):
    # The fixture's convention runs from 01/01/2025 without end.
    with pytest.raises(ValidationError) as refused:
        convention_add(
            actor=coordinator,
            provider=support_provider,
            signed_on=date(2026, 1, 2),
            starts_on=date(2026, 2, 1),
            ends_on=None,
        )
    assert "chevauche" in " ".join(refused.value.messages)
    assert convention_on(support_provider, date(2024, 12, 31)) is None
    assert convention_on(support_provider, date(2026, 5, 1)) is not None
