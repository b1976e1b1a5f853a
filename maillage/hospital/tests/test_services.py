import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.coordination.models import Notification
from maillage.hospital import services
from maillage.hospital.models import DischargeItem, HospitalStay
from maillage.patients.models import JournalEntry, Task

pytestmark = pytest.mark.django_db


def _admit(actor, patient, hospital, **kwargs):
    kwargs.setdefault("admitted_at", timezone.now() - datetime.timedelta(days=2))
    return services.stay_admit(
        actor=actor, patient=patient, organisation=hospital, kind="mco", **kwargs
    )


def test_an_admission_notifies_writes_the_journal_and_plans_the_discharge(
    hospital_social_worker, coordinator, followed_patient, hospital
):
    stay = _admit(hospital_social_worker, followed_patient, hospital, ward="Gériatrie")
    assert Notification.objects.get(user=coordinator).kind == "admission"
    entry = JournalEntry.objects.get(source="hospital.stay")
    assert entry.kind == "event" and entry.source_uuid == stay.public_id
    assert DischargeItem.objects.filter(stay=stay).count() == 8
    assert (
        Task.objects.filter(assignee=coordinator, origin="hospital.discharge_planning").count() == 8
    )
    assert not stay.is_readmission


def test_a_discharge_before_the_admission_is_refused(coordinator, followed_patient, hospital):
    stay = _admit(coordinator, followed_patient, hospital)
    with pytest.raises(ValidationError) as exc:
        services.stay_discharge(
            actor=coordinator,
            stay=stay,
            discharged_at=stay.admitted_at - datetime.timedelta(hours=1),
        )
    assert "précéder la date d'entrée" in str(exc.value)
    stay.refresh_from_db()
    assert stay.discharged_at is None
    assert JournalEntry.objects.filter(source="hospital.stay").count() == 1


def test_a_discharge_tells_the_coordinator_and_asks_to_call_back(
    coordinator, followed_patient, hospital
):
    stay = _admit(coordinator, followed_patient, hospital)
    services.stay_discharge(actor=coordinator, stay=stay, discharged_at=timezone.now())
    assert Task.objects.filter(origin="hospital.discharge_call_back").count() == 1
    assert JournalEntry.objects.filter(source="hospital.stay").count() == 2


def test_a_readmission_within_30_days_is_flagged(coordinator, followed_patient, hospital):
    first = _admit(
        coordinator,
        followed_patient,
        hospital,
        admitted_at=timezone.now() - datetime.timedelta(days=20),
    )
    services.stay_discharge(
        actor=coordinator, stay=first, discharged_at=timezone.now() - datetime.timedelta(days=15)
    )
    second = _admit(
        coordinator,
        followed_patient,
        hospital,
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert second.is_readmission
    assert (
        "réhospitalisation" in JournalEntry.objects.filter(source_uuid=second.public_id).get().title
    )


def test_a_stay_more_than_30_days_after_the_last_discharge_is_not_a_readmission(
    coordinator, followed_patient, hospital
):
    first = _admit(
        coordinator,
        followed_patient,
        hospital,
        admitted_at=timezone.now() - datetime.timedelta(days=45),
    )
    services.stay_discharge(
        actor=coordinator, stay=first, discharged_at=timezone.now() - datetime.timedelta(days=31)
    )
    second = _admit(coordinator, followed_patient, hospital, admitted_at=timezone.now())
    assert not second.is_readmission


def test_the_database_refuses_a_discharge_before_admission(coordinator, followed_patient, hospital):
    from django.db import IntegrityError, transaction

    stay = _admit(coordinator, followed_patient, hospital)
    with pytest.raises(IntegrityError), transaction.atomic():
        HospitalStay.objects.filter(pk=stay.pk).update(
            discharged_at=stay.admitted_at - datetime.timedelta(days=1)
        )
