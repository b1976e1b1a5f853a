"""Rate limits: counters in the default cache, per IP address and per target account or email.

The cache must be shared by every process in production (Redis or the database cache, see
settings.CACHES): per-process memory would give each worker its own counter.

View decorator (stack several; only the listed methods count, POST by default):

    @ratelimit(key="ip", rate="30/10m", group="accounts.login")
    @ratelimit(key="post:username", rate="10/h", group="accounts.login")
    def login_view(request): ...

or in urls.py, `limited(view, ("ip", "30/10m"), ("post:username", "10/h"), group=...)`.

Keys: "ip" (maillage.core.net.client_ip: X-Forwarded-For is trusted only behind the configured
proxies, so a forged header changes nothing), "user" (the logged-in account), "post:<field>" and
"get:<field>" (a submitted value, e.g. the email an attacker targets, compared case-blind), or a
callable(request) -> str. Rates: "5/h", "30/10m", "100/d" (s, m, h, d).

Function form for services (public forms, registrations):

    from maillage.core.ratelimit import RateLimited, hit
    hit(group="intake.public_form", key=email, rate="5/h")   # raises RateLimited when over

and in the view: `except RateLimited as exc: return ratelimited_response(request, exc)`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

from maillage.core.net import client_ip

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


class RateLimited(Exception):
    def __init__(self, group: str, retry_after: int):
        super().__init__(f"rate limit exceeded for {group}")
        self.group = group
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int


def parse_rate(rate: str) -> Rate:
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Invalid rate {rate!r}: use '5/h', '30/10m'…")
    count, multiplier, unit = match.groups()
    return Rate(int(count), int(multiplier or 1) * _UNITS[unit])


def _cache_key(group: str, key: str, window: int) -> str:
    # Hashed: no email or address in the cache, and any value fits every cache backend.
    digest = hashlib.sha256(f"{group}\0{key}".encode()).hexdigest()[:32]
    return f"rl:{window}:{digest}"


def hit(*, group: str, key: str | None, rate: str, increment: bool = True) -> int:
    """Counts one attempt for (group, key) in the current window; raises RateLimited when the
    count goes over the limit. An empty key (no email typed) is not counted. Returns the count."""
    if not key:
        return 0
    parsed = parse_rate(rate)
    now = int(time.time())
    window = now // parsed.period
    cache_key = _cache_key(group, key, window)
    if increment:
        cache.add(cache_key, 0, timeout=parsed.period + 60)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, 1, timeout=parsed.period + 60)
            count = 1
    else:
        count = cache.get(cache_key, 0)
    if count > parsed.limit:
        retry_after = (window + 1) * parsed.period - now
        logger.warning("rate limit exceeded", extra={"event": f"ratelimit.{group}"})
        raise RateLimited(group, retry_after)
    return count


def key_value(request, key: str | Callable) -> str | None:
    if callable(key):
        return key(request)
    if key == "ip":
        return client_ip(request)
    if key == "user":
        user = getattr(request, "user", None)
        return str(user.public_id) if user is not None and user.is_authenticated else None
    source, _, field = key.partition(":")
    if source in ("post", "get") and field:
        data = request.POST if source == "post" else request.GET
        value = (data.get(field) or "").strip().lower()
        return value[:320] or None
    raise ValueError(f"Unknown rate-limit key {key!r}")


def ratelimited_response(request, exc: RateLimited):
    minutes = max(1, -(-exc.retry_after // 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def ratelimit(
    *, key: str | Callable, rate: str, group: str | None = None, methods: Iterable[str] = ("POST",)
):
    """Limits a view: over the rate, the French 429 page instead of the view."""
    parse_rate(rate)  # fail at import time on a typo
    counted = {m.upper() for m in methods}

    def decorator(view):
        name = group or f"{view.__module__}.{getattr(view, '__name__', 'view')}"

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in counted:
                try:
                    hit(group=name, key=key_value(request, key), rate=rate)
                except RateLimited as exc:
                    return ratelimited_response(request, exc)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def limited(view, *rules: tuple[str | Callable, str], group: str, methods=("POST",)):
    """`view` wrapped in one limit per (key, rate) rule, for urls.py:

    path("connexion/", limited(views.login_view, ("ip", "30/10m"), ("post:username", "10/h"),
                               group="accounts.login"), name="login")
    """
    for key, rate in rules:
        view = ratelimit(key=key, rate=rate, group=group, methods=methods)(view)
    return view
