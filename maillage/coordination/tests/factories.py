"""Factories and fixtures helpers of the coordination and hospital tests."""

from __future__ import annotations

import factory
from stdnum import luhn

from maillage.patients.tests.factories import OrganisationFactory


def finess(prefix: str) -> str:
    """A valid FINESS from 8 digits."""
    return prefix + luhn.calc_check_digit(prefix)


class HospitalFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Centre hospitalier de Test {n}")
    category = "Centre hospitalier"
    finess = factory.Sequence(lambda n: finess(f"44{n:06d}"))
