"""The .ics invitation sent with a registration, built by the exports register's iCalendar
writer (RFC 5545: escaped text, folded lines, CRLF): one event per slot."""

from __future__ import annotations

from django.conf import settings

from maillage.exports.formats import CalendarEvent, ics_bytes


def event_location(event) -> str:
    parts = [event.address]
    if event.commune_id:
        parts.append(event.commune.name)
    place = ", ".join(p for p in parts if p)
    if event.video_url:
        place = f"{place} — {event.video_url}" if place else event.video_url
    return place


def event_ics(event, *, url: str = "") -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "maillage"
    description = event.summary + (f"\n{url}" if url else "")
    content, _count = ics_bytes(
        (
            CalendarEvent(
                uid=f"{slot.public_id}@{host}",
                start=slot.starts_at,
                end=slot.ends_at,
                summary=event.title,
                location=event_location(event),
                description=description,
            )
            for slot in event.slots.all()
        ),
        calendar_name=event.network.name,
    )
    return content.decode("utf-8")
