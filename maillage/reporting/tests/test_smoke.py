import datetime
import json

import pytest

from maillage.reporting.indicators import compute_indicators

pytestmark = pytest.mark.django_db


def test_empty_network_gives_an_empty_report(network):
    data = compute_indicators(
        networks=[network], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)
    )
    json.dumps(data)
    assert data["meta"]["empty"] is True
    assert data["requests"]["total"] == 0
    assert data["delays"]["request_to_first_contact"] == {
        "n": 0,
        "median_days": None,
        "p90_days": None,
    }
