"""vCard 4.0 (RFC 6350) of a professional: directory fields only, never a network's notes."""

from __future__ import annotations

from maillage.directory.models import Professional


def _escape(value: str) -> str:
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 6350 §3.2)."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    out.append(current)
    return "\r\n".join(out)


def professional_vcard(professional: Professional, activities) -> bytes:
    p = professional
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{_escape(p.display_name)}",
        f"N:{_escape(p.last_name)};{_escape(p.first_name.title())};;{_escape(p.practice_civility)};",
    ]
    if p.profession:
        lines.append(f"TITLE:{_escape(p.profession)}")
    if p.national_id:
        lines.append(f"NOTE:{_escape(p.get_id_type_display())} {_escape(p.identifier)}")
    if p.mssante_email:
        lines.append(f"EMAIL;TYPE=work;PREF=1:{_escape(p.mssante_email)}")
    for index, activity in enumerate(activities, start=1):
        if activity.name:
            lines.append(f"ORG:{_escape(activity.name)}")
        commune = activity.city or (activity.commune.name if activity.commune else "")
        lines.append(
            f"ADR;TYPE=work:;{_escape(activity.address_extra)};{_escape(activity.address)};"
            f"{_escape(commune)};;{_escape(activity.postal_code)};{_escape(activity.country)}"
        )
        for number in (activity.phone, activity.phone2):
            if number:
                lines.append(f"TEL;TYPE=work,voice;VALUE=uri:tel:{_escape(number)}")
        if activity.email:
            lines.append(f"EMAIL;TYPE=work;PREF={index + 1}:{_escape(activity.email)}")
    lines.append("END:VCARD")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
