"""Demo data for retention: platform-wide example rules (to be replaced by each network's own,
decided with its DPO; the durations here only illustrate the mechanism)."""

from datetime import date

from maillage.retention.models import RetentionRule

DEMO_RULES = [
    ("files.storedfile", 30, 365),
    ("audit.event", 365, 5 * 365),
]


def seed(ctx) -> None:
    for kind, active_days, archive_days in DEMO_RULES:
        RetentionRule.objects.get_or_create(
            network=None,
            record_kind=kind,
            valid_from=date(2024, 1, 1),
            defaults={
                "active_days": active_days,
                "archive_days": archive_days,
                "legal_basis": "Exemple de démonstration : à fixer avec le DPO du réseau.",
            },
        )
    ctx.log(f"Conservation : {len(DEMO_RULES)} règles d'exemple.")
