"""Walking every URL of the project, for checks that must hold on every page (no app to list).

`named_routes()` yields each named URL pattern with the converters of its whole path (those of
the includes above it too); `candidate_kwargs()` fills them: for a UUID, a random one and the
public id of one row of each model that has a `public_id` (so that object pages of any app are
reached with a real object), for the other converters a plausible value.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter


@dataclass(frozen=True)
class Route:
    name: str
    converters: dict


def _walk(patterns, namespace: str | None, converters: dict) -> Iterator[Route]:
    for entry in patterns:
        found = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full = ":".join(p for p in (namespace, ns) if p) or None
            yield from _walk(entry.url_patterns, full, found)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name, found)


def named_routes(skip_namespaces: tuple[str, ...] = ()) -> list[Route]:
    routes = _walk(get_resolver().url_patterns, None, {})
    return [r for r in routes if r.name.split(":")[0] not in skip_namespaces]


def object_public_ids() -> list[uuid.UUID]:
    ids = []
    for model in apps.get_models():
        if any(f.name == "public_id" for f in model._meta.concrete_fields):
            manager = getattr(model, "all_objects", model._base_manager)
            found = manager.order_by("pk").values_list("public_id", flat=True).first()
            if found is not None:
                ids.append(found)
    return ids


def _values(converter, uuids: list, slugs: list) -> list:
    if isinstance(converter, UUIDConverter):
        return uuids
    if isinstance(converter, IntConverter):
        return [1]
    if isinstance(converter, SlugConverter):
        return slugs
    return ["x"]


def candidate_kwargs(route: Route, uuids: list, slugs: list) -> list[dict]:
    names = list(route.converters)
    choices = [_values(route.converters[n], uuids, slugs) for n in names]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*choices)]


def urls_to_visit(uuids: list, slugs: list, skip_namespaces=("admin",)) -> list[str]:
    urls = []
    for route in named_routes(skip_namespaces):
        for kwargs in candidate_kwargs(route, uuids, slugs):
            try:
                urls.append(reverse(route.name, kwargs=kwargs or None))
            except NoReverseMatch:
                continue
    return sorted(set(urls))
