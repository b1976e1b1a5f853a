"""Demo data for retention."""


def seed(ctx) -> None:
    return None
