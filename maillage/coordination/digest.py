"""The optional email digest: from the neutral sender "Maillage", a count and a link only (no
name, no diagnosis, no thematic)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.coordination.models import DigestPreference, Notification
from maillage.tasks.mail import send_email_task
from maillage.tasks.schedule import register

SUBJECT = "Maillage : nouvelles notifications"


def neutral_sender() -> str:
    """ "Maillage" and the deployment's address: whatever display name DEFAULT_FROM_EMAIL carries
    (a network's, a thematic's) never reaches the digest."""
    from email.utils import formataddr, parseaddr

    return formataddr(("Maillage", parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def digest_text(count: int, link: str) -> str:
    plural = "s" if count > 1 else ""
    return (
        f"Bonjour,\n\nVous avez {count} notification{plural} non lue{plural} dans Maillage.\n"
        f"Pour les consulter, connectez-vous : {link}\n\n"
        "Ce message ne contient aucune information sur les personnes suivies.\n-- \nMaillage\n"
    )


@register("coordination.send_digests", every_minutes=60)
def job(*, now=None) -> int:
    now = now or timezone.now()
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    link = f"{base}{reverse('coordination:inbox')}"
    sent = 0
    users = DigestPreference.objects.filter(email_digest=True, user__is_active=True).select_related(
        "user"
    )
    for pref in users:
        with transaction.atomic():
            pending = Notification.objects.select_for_update().filter(
                user=pref.user, read_at__isnull=True, emailed_at__isnull=True
            )
            count = pending.count()
            if not count or not pref.user.email:
                continue
            pending.update(emailed_at=now)
            send_email_task.enqueue(
                subject=SUBJECT,
                body=digest_text(count, link),
                to=[pref.user.email],
                from_email=neutral_sender(),
            )
            sent += 1
    return sent
