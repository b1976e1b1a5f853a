"""Demo data for coordination."""


def seed(ctx) -> None:
    return None
