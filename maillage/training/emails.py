"""Emails about events: built here from templates, always sent from the mail task."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from maillage.tasks.mail import send_email_task
from maillage.training.calendar import event_ics
from maillage.training.models import RegistrationStatus
from maillage.training.tokens import CANCEL_SALT, SATISFACTION_SALT, make_token


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_public_url(event) -> str:
    return absolute(
        reverse(
            "public:event_detail",
            kwargs={"slug": event.network.slug, "public_id": event.public_id},
        )
    )


def cancel_url(registration) -> str:
    token = make_token(registration, CANCEL_SALT)
    return absolute(reverse("public:registration_cancel", kwargs={"token": token}))


def satisfaction_url(registration) -> str:
    token = make_token(registration, SATISFACTION_SALT)
    return absolute(reverse("public:satisfaction", kwargs={"token": token}))


def _send(template: str, registration, subject: str, *, with_invitation: bool = False, **extra):
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "network": event.network,
        "event_url": event_public_url(event),
        "cancel_url": cancel_url(registration),
        **extra,
    }
    body = render_to_string(f"training/emails/{template}.txt", context)
    attachments = None
    if with_invitation:
        ics = event_ics(event, url=context["event_url"])
        attachments = [["invitation.ics", ics, "text/calendar"]]
    send_email_task.enqueue(
        subject=f"{subject} — {event.title}",
        body=body,
        to=[registration.email],
        attachments=attachments,
    )


def send_registration_confirmation(registration) -> None:
    if registration.status == RegistrationStatus.REGISTERED:
        _send("registered", registration, "Inscription confirmée", with_invitation=True)
    else:
        _send("waiting", registration, "Liste d'attente")


def send_promotion(registration) -> None:
    _send("promoted", registration, "Une place s'est libérée", with_invitation=True)


def send_cancellation_confirmation(registration) -> None:
    _send("cancelled", registration, "Inscription annulée")


def send_event_cancelled(registration) -> None:
    _send("event_cancelled", registration, "Événement annulé")


def send_satisfaction_request(registration) -> None:
    _send(
        "satisfaction",
        registration,
        "Votre avis sur la formation",
        satisfaction_url=satisfaction_url(registration),
    )
