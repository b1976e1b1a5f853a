"""Demo data for supportcare."""


def seed(ctx) -> None:
    return None
