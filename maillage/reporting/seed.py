"""Demo data for reporting."""


def seed(ctx) -> None:
    return None
