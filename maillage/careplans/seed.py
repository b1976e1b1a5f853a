"""Demo data for careplans."""


def seed(ctx) -> None:
    return None
