"""PPS in each state for the tests, built through the real services."""

from maillage.careplans.builders import draft_with_plan, set_review, validated

__all__ = ["draft_with_plan", "set_review", "validated"]
