"""Demo data for exports."""


def seed(ctx) -> None:
    return None
