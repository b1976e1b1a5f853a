"""Demo data for intake."""


def seed(ctx) -> None:
    return None
