import pytest

from maillage.documents.tests.browser_fixtures import visitor_page  # noqa: F401
from maillage.training.tests.factories import RegistrationFactory, published_event


@pytest.fixture
def event(network):
    return published_event(network, capacity=2, title="Soirée douleur et cancer")


@pytest.fixture
def registration(event):
    return RegistrationFactory(event=event, first_name="Jeanne", last_name="Martin")
