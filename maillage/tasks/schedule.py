"""Scheduled jobs run by `run_scheduled` (cron every 5 minutes). Apps register with:

@register("accounts.disable_dormant_accounts", every_minutes=24 * 60)
def disable_dormant_accounts(): ...
"""

from collections.abc import Callable

SCHEDULE: dict[str, tuple[int, Callable]] = {}


def register(name: str, every_minutes: int) -> Callable[[Callable], Callable]:
    def decorator(func: Callable) -> Callable:
        SCHEDULE[name] = (every_minutes, func)
        return func

    return decorator
