"""deliver(): re-authentication for patient data, one audit event, attachment headers."""

import hashlib
import time

import pytest
from django.test import RequestFactory
from django.urls import reverse

from maillage.accounts.middleware import SESSION_REAUTH_AT
from maillage.audit.models import AuditEvent
from maillage.exports.formats import csv_bytes
from maillage.exports.services import Export, deliver


def _request(user, reauth_at: float):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/activite/export.csv?annee=2024&format=csv")
    request.user = user
    request.session = SessionStore()
    request.session[SESSION_REAUTH_AT] = reauth_at
    request.network = None
    return request


def _export(**kwargs):
    content, rows = csv_bytes(["Commune"], [["Tours"], ["Loches"]])
    defaults = {
        "content": content,
        "filename": "file-active-2024.csv",
        "fmt": "csv",
        "action": "reporting.active_file.exported",
        "rows": rows,
        "filters": {"annee": "2024"},
    }
    return Export(**{**defaults, **kwargs})


@pytest.mark.django_db
def test_patient_data_needs_a_recent_password(coordinator):
    request = _request(coordinator, reauth_at=time.time() - 3600)
    response = deliver(request, _export())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    # The whole address comes back after the password, all its parameters included.
    assert response["Location"].endswith(
        "?next=%2Factivite%2Fexport.csv%3Fannee%3D2024%26format%3Dcsv"
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_recent_password_lets_the_file_out_with_one_audit_event(coordinator):
    export = _export()
    response = deliver(_request(coordinator, reauth_at=time.time()), export)
    assert response.status_code == 200
    assert response.content == export.content
    assert response["Content-Disposition"] == 'attachment; filename="file-active-2024.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get()
    assert event.action == "reporting.active_file.exported"
    assert event.details == {
        "format": "csv",
        "rows": 2,
        "filters": {"annee": "2024"},
        "sha256": hashlib.sha256(export.content).hexdigest(),
        "filename": "file-active-2024.csv",
    }


@pytest.mark.django_db
def test_directory_data_needs_no_reauthentication(coordinator):
    request = _request(coordinator, reauth_at=0)
    response = deliver(request, _export(patient_data=False, action="directory.contacts.exported"))
    assert response.status_code == 200
    assert AuditEvent.objects.get().action == "directory.contacts.exported"


def test_an_export_action_must_say_exported():
    with pytest.raises(ValueError):
        deliver(None, _export(action="reporting.active_file.downloaded"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("json", "application/json; charset=utf-8"),
        ("fhir", "application/fhir+json; charset=utf-8"),
    ],
)
def test_plain_json_and_fhir_json_are_told_apart(coordinator, fmt, content_type):
    export = _export(content=b"{}", filename=f"x.{fmt}.json", fmt=fmt, rows=1)
    response = deliver(_request(coordinator, reauth_at=time.time()), export)
    assert response["Content-Type"] == content_type
