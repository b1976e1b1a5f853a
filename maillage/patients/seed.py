"""Demo data for patients."""


def seed(ctx) -> None:
    return None
