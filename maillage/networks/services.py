"""Writes on a network's territory (coverage). Atomic and audited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from maillage.audit import record
from maillage.core.models import Commune
from maillage.core.text import normalise
from maillage.networks.models import Coverage, Network, Thematic

_CODE = re.compile(r"[0-9][0-9AB][0-9]{3}", re.IGNORECASE)


@dataclass
class CodeResolution:
    """What a pasted list of INSEE or postal codes resolves to."""

    communes: list[Commune] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def resolve_codes(text: str) -> CodeResolution:
    """Reads INSEE codes and postal codes (any separator). A postal code brings every commune it
    serves; an INSEE code its commune. A code matching both is read as an INSEE code."""
    tokens = list(dict.fromkeys(t.upper() for t in _CODE.findall(text or "")))
    result = CodeResolution()
    names = _names_in(text or "")
    if names:
        found = {
            c.search_name: c for c in Commune.objects.filter(search_name__in=names, is_current=True)
        }
        for name in names:
            if name in found:
                result.communes.append(found[name])
            else:
                result.unknown.append(name)
    if not tokens:
        return result
    by_insee = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=tokens)}
    postal_hits: dict[str, list[Commune]] = {}
    for commune in Commune.objects.filter(
        postal_codes__code__in=[t for t in tokens if t not in by_insee], is_current=True
    ).distinct():
        for code in commune.postal_code_list:
            postal_hits.setdefault(code, []).append(commune)
    seen: set[str] = {c.insee_code for c in result.communes}
    for token in tokens:
        found = [by_insee[token]] if token in by_insee else postal_hits.get(token, [])
        if not found:
            result.unknown.append(token)
        for commune in found:
            if commune.insee_code not in seen:
                seen.add(commune.insee_code)
                result.communes.append(commune)
    return result


def _names_in(text: str) -> list[str]:
    """Commune names typed between commas, semicolons or line breaks (codes are read apart)."""
    parts = re.split(r"[,;\n]+", text)
    names = [normalise(p) for p in parts if p.strip() and not _CODE.fullmatch(p.strip())]
    return [n for n in dict.fromkeys(names) if n and not any(ch.isdigit() for ch in n)]


@transaction.atomic
def coverage_add_communes(
    *, actor, network: Network, thematics: list[Thematic], communes: list[Commune]
) -> int:
    """Adds communes to the network's territory for each thematic; returns how many rows were
    created (communes already covered are left as they are)."""
    created = 0
    for thematic in thematics:
        existing = set(
            Coverage.objects.filter(
                network=network, thematic=thematic, commune__in=communes
            ).values_list("commune_id", flat=True)
        )
        new = [
            Coverage(network=network, thematic=thematic, commune=c)
            for c in communes
            if c.insee_code not in existing
        ]
        Coverage.objects.bulk_create(new)
        created += len(new)
    record(
        "networks.coverage.added",
        actor=actor,
        network=network,
        target=network,
        details={
            "thematics": [t.code for t in thematics],
            "communes": [c.insee_code for c in communes][:500],
            "created": created,
        },
    )
    return created


@transaction.atomic
def coverage_add_departement(
    *, actor, network: Network, thematics: list[Thematic], departement: str
) -> int:
    created = 0
    for thematic in thematics:
        _, was_created = Coverage.objects.get_or_create(
            network=network, thematic=thematic, departement=departement, commune=None
        )
        created += int(was_created)
    record(
        "networks.coverage.added",
        actor=actor,
        network=network,
        target=network,
        details={"thematics": [t.code for t in thematics], "departement": departement},
    )
    return created


@transaction.atomic
def coverage_remove(*, actor, coverage: Coverage) -> None:
    details = {
        "thematic": coverage.thematic.code,
        "commune": coverage.commune_id or "",
        "departement": coverage.departement,
    }
    network = coverage.network
    coverage.delete()
    record(
        "networks.coverage.removed", actor=actor, network=network, target=network, details=details
    )
