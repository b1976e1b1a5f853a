"""Demo data for training."""


def seed(ctx) -> None:
    return None
