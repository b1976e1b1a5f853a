import pytest
from django.conf import settings

from maillage.files import clamd
from maillage.retention.tests.factories import SampleRecordFactory


@pytest.fixture
def clamd_running():
    """The antivirus tests need clamd (`.ci/clamd.sh` starts one offline, EICAR signature)."""
    if not clamd.ping():
        pytest.skip(
            f"clamd ne répond pas sur {settings.CLAMD_SOCKET} : lancez .ci/clamd.sh "
            "(ou réglez CLAMD_SOCKET) pour exécuter les tests antivirus."
        )


@pytest.fixture
def record(network):
    """A record of network A owning files (owner type registered by the test app)."""
    return SampleRecordFactory(network=network)
