"""The public web form: no account, flood limits, honeypot, fill time, attachments, receipt."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.files.models import StoredFile
from maillage.files.tests import samples
from maillage.intake.forms import _STAMP_SALT
from maillage.intake.models import Channel, Status, SupportRequest
from maillage.patients.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _stamp(age: float = 60) -> str:
    return signing.dumps(time.time() - age, salt=_STAMP_SALT)


def _post(client, network, **extra):
    data = {
        "requester_name": "Claire Fontaine",
        "requester_quality": "family",
        "requester_phone": "0612345678",
        "requester_email": "claire@example.org",
        "reasons": ["keep_home"],
        "urgency": "normal",
        "description": "Mon père vit seul et chute souvent.",
        "stamp": _stamp(),
        "rgpd": "on",
        "website": "",
        **extra,
    }
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(reverse("intake:public_form", args=[network.slug]), data)


def test_it_shows_the_form_with_the_rgpd_notice_and_no_nir_field(client, network):
    response = client.get(reverse("intake:public_form", args=[network.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Information sur vos données" in html
    assert "nir" not in html.lower().replace("nirvana", "")
    assert 'name="website"' in html


def test_it_records_the_request_and_shows_a_receipt(client, network):
    response = _post(client, network)
    assert response.status_code == 302
    req = SupportRequest.objects.get()
    assert req.channel == Channel.WEB and req.status == Status.RECEIVED and req.network == network
    page = client.get(response["Location"])
    assert req.receipt_number in page.content.decode()


def test_an_unknown_network_is_404(client):
    assert client.get(reverse("intake:public_form", args=["nulle-part"])).status_code == 404


def test_a_filled_honeypot_is_refused(client, network):
    response = _post(client, network, website="http://spam.example")
    assert response.status_code == 200
    assert not SupportRequest.objects.exists()


def test_a_form_sent_too_fast_is_refused(client, network):
    response = _post(client, network, stamp=_stamp(age=1))
    assert "Envoi trop rapide" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_request_without_any_way_to_call_back_is_refused(client, network):
    response = _post(client, network, requester_phone="", requester_email="")
    assert "« Téléphone du demandeur »" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_commune_that_does_not_exist_is_refused(client, network):
    CommuneFactory()
    response = _post(client, network, commune_postal_code="44000", commune_name="Atlantide")
    assert "« Commune de la personne »" in response.content.decode()
    assert not SupportRequest.objects.exists()
    response = _post(client, network, commune_postal_code="44000", commune_name="nantes")
    assert SupportRequest.objects.get().person_commune.insee_code == "44109"


def test_an_attachment_that_lies_about_its_type_saves_nothing(client, network):
    fake_pdf = samples.upload("compte-rendu.pdf", samples.executable(), "application/pdf")
    response = _post(client, network, attachments=fake_pdf)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not SupportRequest.objects.exists()
    assert not StoredFile.all_objects.exists()


def test_a_real_pdf_is_kept_and_owned_by_the_request(client, network):
    response = _post(client, network, attachments=samples.upload("cr.pdf", samples.pdf()))
    assert response.status_code == 302
    req = SupportRequest.objects.get()
    stored = StoredFile.objects.get()
    assert stored.owner_public_id == req.public_id and stored.use == "intake.attachment"


def test_it_limits_five_sends_per_ip_per_hour(client, network):
    for i in range(5):
        _post(client, network, requester_email=f"p{i}@example.org")
    response = _post(client, network, requester_email="p9@example.org")
    assert response.status_code == 429
    assert SupportRequest.objects.count() == 5


def test_it_limits_three_sends_per_email_per_day(client, network):
    for _i in range(3):
        _post(client, network)
    response = client.post(
        reverse("intake:public_form", args=[network.slug]),
        {"requester_email": "claire@example.org"},
        REMOTE_ADDR="10.0.0.99",
    )
    assert response.status_code == 429


def test_the_answer_never_reveals_whether_the_person_is_followed(client, network, followed_patient):
    known = _post(
        client,
        network,
        person_birth_name=followed_patient.birth_name,
        person_first_names=followed_patient.first_names,
        person_birth_date=followed_patient.birth_date.isoformat(),
        requester_email="a@example.org",
    )
    unknown = _post(
        client,
        network,
        person_birth_name="INCONNU",
        person_first_names="Personne",
        person_birth_date="1950-01-01",
        requester_email="b@example.org",
    )
    assert known.status_code == unknown.status_code == 302
    assert SupportRequest.objects.filter(patient__isnull=False).count() == 0
    assert not AuditEvent.objects.filter(action="patients.patient.viewed").exists()
