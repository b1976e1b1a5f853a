"""Temporary stand-ins for services being built in parallel — the one place to rewire.

- `render_pdf`: will be `maillage.exports.pdf.render_pdf` (WeasyPrint behind a static-only URL
  fetcher, every page stamped). Until it lands on main: WeasyPrint with a fetcher that refuses
  everything, and the same stamp at the foot of each page.
- `rate_limit_hit` / `RateLimited` / `ratelimited_response`: will be `maillage.core.ratelimit`
  (`hit`, `RateLimited`, `ratelimited_response`). Until then: fixed-window counters in the
  default cache, keys hashed.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    def __init__(self, group: str, retry_after: int):
        super().__init__(f"rate limit exceeded for {group}")
        self.group = group
        self.retry_after = retry_after


def rate_limit_hit(*, group: str, key: str | None, rate: str) -> int:
    """Counts one attempt for (group, key); raises RateLimited over `rate` ("5/h", "20/10m")."""
    if not key:
        return 0
    count_text, _, period_text = rate.partition("/")
    multiplier, unit = period_text[:-1] or "1", period_text[-1]
    limit, period = int(count_text), int(multiplier) * _UNITS[unit]
    now = int(time.time())
    window = now // period
    digest = hashlib.sha256(f"{group}\0{key}".encode()).hexdigest()[:32]
    cache_key = f"rl:{window}:{digest}"
    cache.add(cache_key, 0, timeout=period + 60)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=period + 60)
        count = 1
    if count > limit:
        raise RateLimited(group, (window + 1) * period - now)
    return count


def ratelimited_response(request, exc: RateLimited):
    minutes = max(1, -(-exc.retry_after // 60))
    response = render(request, "training/public/ratelimited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _refuse_every_url(url, *args, **kwargs):
    raise ValueError("No external resource may be loaded into a PDF.")


def render_pdf(template_name: str, context: dict, *, stamp_user, request=None) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context, request=request)
    name = (getattr(stamp_user, "full_name", "") or getattr(stamp_user, "email", "")).strip()
    stamp = f"Généré par {name} le {timezone.localtime():%d/%m/%Y à %H:%M}"
    stamp = stamp.replace("\\", "").replace('"', "")
    stamp_css = CSS(string='@page { @bottom-center { content: "' + stamp + '"; font-size: 8pt; } }')
    document = HTML(string=html, url_fetcher=_refuse_every_url)
    return document.write_pdf(stylesheets=[stamp_css])
