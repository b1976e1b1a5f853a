"""Demo data for documents."""


def seed(ctx) -> None:
    return None
