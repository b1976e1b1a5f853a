"""The client's IP address, trusting X-Forwarded-For only behind the configured proxies."""

from django.conf import settings


def client_ip(request) -> str | None:
    """With N trusted proxies, the client is the N-th address from the right of X-Forwarded-For.

    A client may prepend anything it likes to the header; only what our own proxies appended
    counts, so a forged header cannot change the address used for rate limits and the audit.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [p for p in forwarded if p]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote
