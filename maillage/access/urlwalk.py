"""Enumerates every URL pattern of the project with a concrete example path, for the test that
checks each view's declared access policy with every persona.

Arguments are filled by converter: `<uuid:...>` gets a random UUID (so object views answer 404
even to the right role), `<int:...>` 1, `<slug:...>`/`<str:...>`/`<path:...>` "exemple"; regex
groups get the first literal alternative or a value their pattern accepts.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

from maillage.access.admin_site import NAMESPACE_POLICIES
from maillage.access.decorators import (
    AUTHENTICATED,
    EXTERNAL,
    PUBLIC,
    SECOND_FACTOR,
    STAFF,
    TECHNICAL_ADMIN,
    AccessPolicy,
    policy_of,
)

_CANDIDATES = ["exemple", "1", "2A004", "01001", "a", "0"]
_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>(?:[^()]|\([^()]*\))*)\)")


@dataclass
class WalkedUrl:
    path: str | None  # None: no example path could be built (see `reason`)
    name: str
    namespace: str
    policy: AccessPolicy | None
    callback: object
    reason: str = ""

    @property
    def label(self) -> str:
        full = f"{self.namespace}:{self.name}" if self.namespace else self.name
        return f"{full or '(sans nom)'} [{self.path or self.reason}]"


def _sample_for_converter(converter) -> str | None:
    if isinstance(converter, UUIDConverter):
        return str(uuid.uuid4())
    if isinstance(converter, IntConverter):
        return "1"
    if isinstance(converter, SlugConverter | StringConverter | PathConverter):
        return "exemple"
    regex = re.compile(f"^(?:{converter.regex})$")
    return next((value for value in _CANDIDATES if regex.match(value)), None)


def _fill_route(pattern: RoutePattern) -> str | None:
    route = str(pattern)
    converters = pattern.converters

    def sample(match: re.Match) -> str:
        converter = converters.get(match["name"])
        value = _sample_for_converter(converter) if converter else "exemple"
        if value is None:
            raise ValueError(match["name"])
        return value

    try:
        return _ROUTE_PARAM.sub(sample, route)
    except ValueError:
        return None


def _fill_regex(pattern: RegexPattern) -> str | None:
    text = pattern.regex.pattern.removeprefix("^").removesuffix("$").removesuffix("\\Z")

    def sample(match: re.Match) -> str:
        body = match["body"]
        if re.fullmatch(r"[\w\-]+(\|[\w\-]+)*", body):
            return body.split("|")[0]
        group = re.compile(f"^(?:{body})$")
        value = next((v for v in _CANDIDATES if group.match(v)), None)
        if value is None:
            raise ValueError(match["name"])
        return value

    try:
        filled = _NAMED_GROUP.sub(sample, text)
    except ValueError:
        return None
    if re.search(r"[\\()\[\]*+?{}|^$]", filled.replace("\\/", "/").replace("\\.", ".")):
        return None
    return filled.replace("\\/", "/").replace("\\.", ".").replace("\\-", "-")


def _fill(pattern) -> str | None:
    if isinstance(pattern, RoutePattern):
        return _fill_route(pattern)
    if isinstance(pattern, RegexPattern):
        return _fill_regex(pattern)
    return None


def _walk(patterns, prefix: str | None, namespace: str, out: list[WalkedUrl]) -> None:
    for entry in patterns:
        piece = _fill(entry.pattern)
        path = None if prefix is None or piece is None else prefix + piece
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            _walk(entry.url_patterns, path, child_ns, out)
        elif isinstance(entry, URLPattern):
            top = namespace.split(":")[0] if namespace else ""
            policy = policy_of(entry.callback) or NAMESPACE_POLICIES.get(top)
            walked = WalkedUrl(
                path=path,
                name=entry.name or "",
                namespace=namespace,
                policy=policy,
                callback=entry.callback,
            )
            if path is None:
                walked.reason = "pas d'exemple de chemin constructible"
            else:
                walked.path = "/" + path
                try:
                    match = resolve(walked.path)
                except Resolver404:
                    walked.path, walked.reason = None, f"{path} ne se résout pas"
                else:
                    if match.func is not entry.callback and match.url_name != entry.name:
                        walked.path, walked.reason = None, f"{path} mène à une autre vue"
            out.append(walked)


def walk_urls() -> list[WalkedUrl]:
    out: list[WalkedUrl] = []
    _walk(get_resolver().url_patterns, "", "", out)
    return out


@dataclass(frozen=True)
class Persona:
    """Who is asking, as far as access policies are concerned."""

    name: str
    role: str | None = None  # staff role in their active network
    external: bool = False
    technical_admin: bool = False
    anonymous: bool = False


def may_be_served(policy: AccessPolicy, persona: Persona) -> bool:
    """Whether the policy lets this persona get the page (object checks aside)."""
    kind = policy.kind
    if kind == PUBLIC:
        return True
    if persona.anonymous:
        return False
    if kind in (SECOND_FACTOR, AUTHENTICATED):
        return True
    if kind == EXTERNAL:
        return persona.external
    if kind == STAFF:
        return persona.role is not None and (not policy.roles or persona.role in policy.roles)
    if kind == TECHNICAL_ADMIN:
        return persona.technical_admin
    return False


_LOGIN_PREFIXES = ("/compte/connexion/", "/admin-technique/login/")


def contradiction(policy: AccessPolicy, persona: Persona, response) -> str | None:
    """A sentence saying how the response contradicts the policy, or None when it does not.

    A refused persona must get 404 (or 405 for a method the view does not take); an anonymous
    visitor may instead be sent to the login page; the admin sends refused users to its login.
    """
    if response.status_code >= 500:
        return f"erreur serveur {response.status_code}"
    if may_be_served(policy, persona):
        return None
    status = response.status_code
    if status in (404, 405):
        return None
    if status == 302:
        location = response.get("Location", "")
        if persona.anonymous and location.startswith(_LOGIN_PREFIXES):
            return None
        if policy.kind == TECHNICAL_ADMIN and location.startswith(
            (*_LOGIN_PREFIXES, reverse("admin:index"))
        ):
            return None  # the admin sends refused users to its index, then to the login
        return f"redirection vers {location} au lieu d'un refus (404)"
    return f"réponse {status} alors que la politique {policy} refuse {persona.name}"
