"""Demo data for reporting: the CPOM targets of the main network for the current year (every
other figure of the activity report comes from the other apps' demo work)."""

from decimal import Decimal

from django.utils import timezone

DEMO_TARGETS = {
    "requests.total": Decimal("60"),
    "file_active.patients": Decimal("40"),
    "enrolments.new": Decimal("15"),
    "delays.request_to_first_contact.median_days": Decimal("2"),
    "pps.reviewed_on_time_rate": Decimal("80"),
    "training.attendees": Decimal("30"),
}


def seed(ctx) -> None:
    _seed_cpom_targets(ctx)


def _seed_cpom_targets(ctx) -> None:
    from maillage.reporting.models import CpomTarget

    network = ctx.networks.get("main")
    if network is None or CpomTarget.objects.filter(network=network).exists():
        return
    year = timezone.localdate().year
    CpomTarget.objects.bulk_create(
        CpomTarget(network=network, indicator_key=key, year=year, target=value)
        for key, value in DEMO_TARGETS.items()
    )
