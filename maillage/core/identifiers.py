"""Checks of French identifiers that python-stdnum does not cover (FINESS, RPPS, ADELI)."""

from stdnum import luhn


def finess_is_valid(value: str) -> bool:
    """FINESS: 9 characters, the last a Luhn key; Corsica numbers start with 2A/2B (as 20)."""
    if len(value) != 9:
        return False
    digits = value.upper().replace("2A", "20", 1).replace("2B", "20", 1)
    return digits.isdigit() and luhn.is_valid(digits)


def rpps_is_valid(value: str) -> bool:
    """RPPS: 11 digits with a Luhn key."""
    return len(value) == 11 and value.isdigit() and luhn.is_valid(value)


def adeli_is_valid(value: str) -> bool:
    """ADELI: 9 digits with a Luhn key."""
    return len(value) == 9 and value.isdigit() and luhn.is_valid(value)
