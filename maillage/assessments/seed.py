"""Demo data for assessments."""


def seed(ctx) -> None:
    return None
