"""Support-care personas: `provider` (an external user acting for a provider under convention
with network A), and the objects most tests need."""

from datetime import date
from decimal import Decimal

import pytest

from maillage.accounts.models import UserKind
from maillage.accounts.tests.factories import UserFactory
from maillage.supportcare.models import ProviderAccount
from maillage.supportcare.presets import cancer_pathway_line
from maillage.supportcare.tests.factories import ConventionFactory, ProviderFactory


@pytest.fixture
def support_provider(network):
    provider = ProviderFactory(network=network, kinds=["psychology", "dietetics"])
    ConventionFactory(provider=provider, starts_on=date(2025, 1, 1))
    return provider


@pytest.fixture
def provider(support_provider):
    """The external user who records sessions for `support_provider`."""
    user = UserFactory(kind=UserKind.EXTERNAL)
    ProviderAccount.objects.create(provider=support_provider, user=user)
    return user


@pytest.fixture
def other_provider(other_network):
    return ProviderFactory(network=other_network)


@pytest.fixture
def cancer_line(network, director):
    return cancer_pathway_line(
        actor=director, network=network, year=2026, budget=Decimal("18000.00")
    )
