"""The bulk paths of `seed_demo --scale regional` (reporting benchmark) work on small totals, so
that they do not rot between two benchmark runs."""

import io

import pytest

from maillage.assessments.models import Assessment, InstrumentResult
from maillage.audit.models import AuditEvent
from maillage.careplans.models import Pps, PpsVersion
from maillage.core.management.commands.seed_demo import SeedContext
from maillage.hospital.models import HospitalStay
from maillage.intake.models import SupportRequest
from maillage.networks.models import Network
from maillage.patients.models import Enrolment, JournalEntry
from maillage.training.models import Event, EventSlot, Registration, Satisfaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional_ctx():
    from maillage.accounts import seed as accounts_seed
    from maillage.directory import seed as directory_seed
    from maillage.networks import seed as networks_seed

    ctx = SeedContext(scale="demo", stdout=io.StringIO())
    for module in (networks_seed, accounts_seed, directory_seed):
        module.seed(ctx)
    ctx.scale = "regional"
    return ctx


def test_the_regional_bulk_paths_write_activity_on_a_small_total(regional_ctx):
    from maillage.assessments.seed_regional import seed_regional as assessments
    from maillage.careplans.seed_regional import seed_regional as careplans
    from maillage.hospital.seed import _hospital
    from maillage.hospital.seed_regional import seed_regional as hospital
    from maillage.intake.seed_regional import seed_regional as intake
    from maillage.patients.seed_regional import seed_regional, seed_regional_journal
    from maillage.training.seed_regional import seed_regional as training

    ctx = regional_ctx
    seed_regional(ctx, 50)
    before = JournalEntry.objects.count()
    assert seed_regional_journal(ctx, before + 300) == 300
    assert JournalEntry.objects.count() == before + 300
    assert JournalEntry.objects.exclude(duration_minutes=None).exists()
    closed = Enrolment.objects.exclude(closed_on=None)
    assert all(e.closed_reason and e.closed_on >= e.started_on for e in closed)
    assert intake(ctx, 60) >= 60
    assert SupportRequest.all_objects.filter(status="enrolled", patient__isnull=False).exists()
    assert assessments(ctx) > 0
    assert InstrumentResult.objects.filter(instrument_code="aggir").count() == (
        Assessment.objects.count()
    )
    assert careplans(ctx) > 0
    assert PpsVersion.objects.filter(status="validated").count() <= Pps.objects.count()
    assert hospital(ctx, _hospital()) > 0
    assert HospitalStay.objects.filter(is_readmission=False).exists()
    assert training(ctx, 3) == 3 * Network.objects.filter(is_active=True).count()
    assert Registration.objects.filter(attended=True).exists()
    assert Satisfaction.objects.exists()
    assert EventSlot.objects.count() == Event.objects.count()
    for action in (
        "training.seed.bulk_created",
        "patients.seed.journal_bulk_created",
        "intake.seed.bulk_created",
        "assessments.seed.bulk_created",
        "careplans.seed.bulk_created",
        "hospital.seed.bulk_created",
    ):
        assert AuditEvent.objects.filter(action=action).count() == 1
    # A second run adds nothing (the paths resume where they stopped).
    assert seed_regional_journal(ctx, before + 300) == 0
    assert intake(ctx, 60) == 0
