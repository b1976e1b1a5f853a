import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from maillage.audit.models import AuditEvent
from maillage.training.tests.factories import RegistrationFactory, published_event

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_the_attendance_sheet_lists_the_registered_names(client_for, coordinator, network):
    event = published_event(network, title="Soins palliatifs à domicile")
    RegistrationFactory(event=event, first_name="Jeanne", last_name="Martin")
    RegistrationFactory(event=event, first_name="Paul", last_name="Durand")
    RegistrationFactory(event=event, last_name="Attente", status="waiting")
    response = client_for(coordinator).get(
        reverse("training:attendance_sheet", kwargs={"public_id": event.public_id})
    )
    text, _pages = pdf_text(response)
    assert "Feuille d'émargement" in text
    assert "MARTIN" in text and "DURAND" in text and "ATTENTE" not in text
    assert "Soins palliatifs à domicile" in text
    assert "attachment" in response["Content-Disposition"]
    audit = AuditEvent.objects.get(action="training.attendance_sheet.exported")
    assert audit.details["rows"] == 2 and audit.target_uuid == event.public_id


def test_certificates_one_page_per_attendee_or_one_alone(client_for, coordinator, network):
    event = published_event(network, days_ahead=-1, dpc_reference="12345678")
    jeanne = RegistrationFactory(
        event=event, first_name="Jeanne", last_name="Martin", attended=True
    )
    RegistrationFactory(event=event, first_name="Paul", last_name="Durand", attended=True)
    RegistrationFactory(event=event, first_name="Absente", last_name="Leroy")
    client = client_for(coordinator)
    text, pages = pdf_text(
        client.get(reverse("training:certificates", kwargs={"public_id": event.public_id}))
    )
    assert pages == 2
    assert text.count("Attestation de présence") == 2
    assert "MARTIN" in text and "DURAND" in text and "LEROY" not in text
    assert "12345678" in text
    one = client.get(
        reverse(
            "training:certificate",
            kwargs={"public_id": event.public_id, "registration_id": jeanne.public_id},
        )
    )
    text, pages = pdf_text(one)
    assert pages == 1 and "Jeanne MARTIN" in text and "DURAND" not in text


def test_no_certificate_without_recorded_attendance(client_for, coordinator, network):
    event = published_event(network, days_ahead=-1)
    absent = RegistrationFactory(event=event)
    client = client_for(coordinator)
    response = client.get(reverse("training:certificates", kwargs={"public_id": event.public_id}))
    assert response.status_code == 302
    response = client.get(
        reverse(
            "training:certificate",
            kwargs={"public_id": event.public_id, "registration_id": absent.public_id},
        )
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action__endswith=".exported").exists()
