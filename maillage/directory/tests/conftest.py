import pytest
from django.core.cache import cache

from maillage.accounts.models import UserKind
from maillage.accounts.tests.factories import UserFactory
from maillage.directory.communes_fixture import load_communes_44


@pytest.fixture(autouse=True)
def _fresh_search_vocabulary():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def communes_44(db):
    return {c.insee_code: c for c in load_communes_44()}


@pytest.fixture
def external_gp(db):
    return UserFactory(kind=UserKind.EXTERNAL)
