"""The demo seed gives the coordinator tasks, messages, appointments and hospital stays."""

import io

import pytest

from maillage.coordination.models import Appointment, Message
from maillage.core.management.commands.seed_demo import SeedContext
from maillage.hospital.models import HospitalStay
from maillage.patients.models import JournalEntry, Task

pytestmark = pytest.mark.django_db


def test_the_demo_seed_fills_the_coordinators_day():
    from maillage.accounts import seed as accounts_seed
    from maillage.coordination import seed as coordination_seed
    from maillage.directory import seed as directory_seed
    from maillage.hospital import seed as hospital_seed
    from maillage.networks import seed as networks_seed
    from maillage.patients import seed as patients_seed

    ctx = SeedContext(scale="demo", stdout=io.StringIO())
    for module in (
        networks_seed,
        accounts_seed,
        directory_seed,
        patients_seed,
        coordination_seed,
        hospital_seed,
    ):
        module.seed(ctx)
    assert Message.objects.exists() and Appointment.objects.exists()
    assert set(Appointment.objects.values_list("kind", flat=True)) == {
        "appointment",
        "home_visit",
        "office_visit",
    }
    # The showcase record's journal holds an office visit (patients seed).
    assert JournalEntry.objects.filter(kind="office_visit").exists()
    assert HospitalStay.objects.filter(is_readmission=True).count() == 1
    assert Task.objects.filter(origin="hospital.discharge_planning").exists()
    assert JournalEntry.objects.filter(source="hospital.stay").count() >= 4
    coordination_seed.seed(ctx)  # idempotent
    hospital_seed.seed(ctx)
    assert HospitalStay.objects.count() == 4
