"""Demo data for directory."""


def seed(ctx) -> None:
    return None
