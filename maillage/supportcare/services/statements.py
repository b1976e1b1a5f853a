"""Monthly statements per provider: the held sessions of a finished month, then paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.audit import record
from maillage.supportcare.dates import fr, month_end, month_start
from maillage.supportcare.models import (
    Provider,
    SessionStatus,
    Statement,
    StatementStatus,
    SupportSession,
)


@transaction.atomic
def statement_issue(*, actor, provider: Provider, month: date) -> Statement:
    month = month_start(month)
    if month_end(month) >= timezone.localdate():
        raise ValidationError(
            {
                "month": f"Mois : {month:%m/%Y} n'est pas terminé ; le relevé "
                "s'émet à partir du mois suivant."
            }
        )
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if Statement.objects.filter(provider=provider, month=month).exists():
        raise ValidationError({"month": f"Mois : le relevé de {month:%m/%Y} est déjà émis."})
    sessions = list(
        SupportSession.objects.select_for_update()
        .filter(
            provider=provider,
            status=SessionStatus.HELD,
            day__gte=month,
            day__lte=month_end(month),
            statement__isnull=True,
        )
        .order_by("day")
    )
    if not sessions:
        raise ValidationError(
            {"month": f"Mois : aucune séance réalisée en {month:%m/%Y} par cet intervenant."}
        )
    total = sum((s.price for s in sessions), Decimal("0.00"))
    statement = Statement.objects.create(
        provider=provider, month=month, session_count=len(sessions), total=total, issued_by=actor
    )
    SupportSession.objects.filter(pk__in=[s.pk for s in sessions]).update(statement=statement)
    _notify_provider(statement)
    record(
        "supportcare.statement.issued",
        actor=actor,
        network=provider.network,
        target=statement,
        details={
            "provider": str(provider.public_id),
            "month": month.isoformat(),
            "sessions": len(sessions),
            "total": f"{total:.2f}",
        },
    )
    return statement


def _notify_provider(statement: Statement) -> None:
    """Tells the provider (at the address given for notices and statements) that the month's
    statement is in their portal: figures only, no patient."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse

    from maillage.supportcare.quota import euros
    from maillage.tasks.mail import send_email_task

    provider = statement.provider
    if not provider.email:
        return
    body = render_to_string(
        "supportcare/emails/statement_issued.txt",
        {
            "statement": statement,
            "network": provider.network,
            "total": euros(statement.total),
            "portal_url": settings.SITE_URL.rstrip("/") + reverse("supportcare:provider_home"),
        },
    )
    subject = f"{provider.network.name} : votre relevé de {statement.month:%m/%Y}"
    to = [provider.email]
    transaction.on_commit(lambda: send_email_task.enqueue(subject=subject, body=body, to=to))


@transaction.atomic
def statement_mark_paid(*, actor, statement: Statement, paid_on: date) -> Statement:
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == StatementStatus.PAID:
        raise ValidationError(f"Ce relevé est déjà marqué payé le {fr(statement.paid_on)}.")
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "Date de paiement : elle ne peut pas être future."})
    if paid_on < timezone.localtime(statement.created_at).date():
        raise ValidationError(
            {
                "paid_on": "Date de paiement : elle ne peut pas précéder "
                f"l'émission du relevé ({fr(statement.created_at.date())})."
            }
        )
    statement.status = StatementStatus.PAID
    statement.paid_on = paid_on
    statement.paid_marked_by = actor
    statement.save(update_fields=["status", "paid_on", "paid_marked_by", "updated_at"])
    record(
        "supportcare.statement.paid",
        actor=actor,
        network=statement.provider.network,
        target=statement,
        details={"paid_on": paid_on.isoformat(), "total": f"{statement.total:.2f}"},
    )
    return statement
