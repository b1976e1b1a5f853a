import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.coordination.models import Notification
from maillage.hospital import services
from maillage.hospital.models import HospitalStay

pytestmark = pytest.mark.django_db


def _stays(patient):
    return reverse("hospital:stays", args=[patient.public_id])


def _admission(hospital, **extra):
    return {
        "organisation": str(hospital.public_id),
        "kind": "mco",
        "ward": "Gériatrie",
        "admitted_at": (timezone.localtime() - datetime.timedelta(hours=3)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "planned_discharge_on": "",
        "reason": "Chute",
        **extra,
    }


def test_the_hospital_social_worker_records_an_admission(
    client_for, hospital_social_worker, coordinator, followed_patient, hospital
):
    response = client_for(hospital_social_worker).post(
        _stays(followed_patient), _admission(hospital)
    )
    assert response.status_code == 302
    stay = HospitalStay.objects.get()
    assert stay.reported_by == hospital_social_worker
    assert Notification.objects.filter(user=coordinator, kind="admission").exists()


def test_the_home_nurse_reads_but_cannot_record_stays(
    client_for, home_nurse, followed_patient, hospital
):
    client = client_for(home_nurse)
    assert client.get(_stays(followed_patient)).status_code == 200
    assert client.post(_stays(followed_patient), _admission(hospital)).status_code == 404
    assert not HospitalStay.objects.exists()


@pytest.mark.parametrize(
    "persona", ["network_admin", "coordinator_other_network", "external_outside"]
)
def test_it_checks_access(client_for, request, persona, coordinator, followed_patient, hospital):
    stay = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_stays(followed_patient)).status_code == 404
    assert client.post(_stays(followed_patient), _admission(hospital)).status_code == 404
    assert client.get(reverse("hospital:stay", args=[stay.public_id])).status_code == 404
    assert client.get(reverse("hospital:liaison_sheet", args=[stay.public_id])).status_code == 404
    assert HospitalStay.objects.count() == 1


def test_a_discharge_before_the_admission_shows_a_french_message(
    client_for, coordinator, followed_patient, hospital
):
    stay = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="smr",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    before = timezone.localtime(stay.admitted_at) - datetime.timedelta(days=2)
    response = client_for(coordinator).post(
        reverse("hospital:stay", args=[stay.public_id]),
        {"discharged_at": before.strftime("%Y-%m-%dT%H:%M")},
    )
    assert (
        "La date de sortie ne peut pas précéder la date d&#x27;entrée" in response.content.decode()
    )
    stay.refresh_from_db()
    assert stay.discharged_at is None


def test_the_coordinator_downloads_the_liaison_sheet(
    client_for, coordinator, followed_patient, hospital
):
    stay = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = client_for(coordinator).get(reverse("hospital:liaison_sheet", args=[stay.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="hospital.liaison_sheet.exported").count() == 1


def test_the_stay_page_is_bounded(
    client_for, coordinator, followed_patient, hospital, django_assert_max_num_queries
):
    stay = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = client_for(coordinator)
    with django_assert_max_num_queries(25):
        content = client.get(reverse("hospital:stay", args=[stay.public_id])).content.decode()
    assert content.count("Responsable de") == 8
