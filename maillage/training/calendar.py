"""The .ics invitation sent with a registration (RFC 5545: escaped text, folded lines, CRLF)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings


def _escape(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Folds a content line at 75 octets without splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_location(event) -> str:
    parts = [event.address]
    if event.commune_id:
        parts.append(event.commune.name)
    place = ", ".join(p for p in parts if p)
    if event.video_url:
        place = f"{place} — {event.video_url}" if place else event.video_url
    return place


def event_ics(event, *, url: str = "") -> str:
    """One VEVENT per slot of `event`, as text ready to attach."""
    stamp = _utc(datetime.now(UTC))
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "maillage"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maillage//Formations//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    location = event_location(event)
    description = event.summary + (f"\n{url}" if url else "")
    for slot in event.slots.all():
        lines += [
            "BEGIN:VEVENT",
            f"UID:{slot.public_id}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(slot.starts_at)}",
            f"DTEND:{_utc(slot.ends_at)}",
            f"SUMMARY:{_escape(event.title)}",
            f"ORGANIZER;CN={_escape(event.network.name)}:mailto:"
            + (event.network.email or "ne-pas-repondre@maillage.invalid"),
        ]
        if location:
            lines.append(f"LOCATION:{_escape(location)}")
        lines.append(f"DESCRIPTION:{_escape(description)}")
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
