"""Demo data for files."""


def seed(ctx) -> None:
    return None
