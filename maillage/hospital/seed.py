"""Demo data for hospital."""


def seed(ctx) -> None:
    return None
