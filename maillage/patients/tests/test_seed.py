"""The demo seed writes patients in every state; the regional path works on a small total."""

import io

import pytest

from maillage.core.management.commands.seed_demo import SeedContext
from maillage.patients.models import (
    CareTeamMember,
    ClosureReason,
    Consent,
    ConsentKind,
    ConsentScope,
    Enrolment,
    ExternalProfile,
    IdentityStatus,
    JournalEntry,
    Patient,
    PatientMerge,
)
from maillage.patients.permissions import patients_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ctx():
    from maillage.accounts import seed as accounts_seed
    from maillage.directory import seed as directory_seed
    from maillage.networks import seed as networks_seed

    ctx = SeedContext(scale="demo", stdout=io.StringIO())
    for module in (networks_seed, accounts_seed, directory_seed):
        module.seed(ctx)
    return ctx


def test_the_demo_seed_covers_every_state(demo_ctx):
    from maillage.patients import seed

    seed.seed(demo_ctx)
    network = demo_ctx.networks["main"]
    patients = Patient.objects.filter(network=network)
    assert {p.identity_status for p in patients} == set(IdentityStatus)
    assert (
        patients.filter(is_doubtful=True).exists() and patients.filter(is_fictitious=True).exists()
    )
    assert patients.exclude(legal_protection="").exists()
    reasons = set(Enrolment.objects.filter(network=network).values_list("closed_reason", flat=True))
    assert {r for r in ClosureReason if r != ClosureReason.MERGED} <= reasons
    assert patients.filter(enrolments__isnull=True).exists()
    consents = Consent.objects.filter(patient__network=network)
    assert consents.filter(kind=ConsentKind.OBJECTION, scope=ConsentScope.ALL).exists()
    assert consents.filter(kind=ConsentKind.OBJECTION, scope=ConsentScope.MEMBERS).exists()
    assert consents.filter(kind=ConsentKind.REUSE_OBJECTION).exists()
    assert consents.filter(withdrawn_at__isnull=False).exists()
    assert JournalEntry.objects.filter(network=network).exclude(rupture_tag="").exists()
    assert PatientMerge.objects.filter(network=network).count() == 1
    assert CareTeamMember.objects.filter(patient__network=network, role="gp").exists()
    assert Patient.objects.filter(network=demo_ctx.networks["other"]).exists()
    # The demo GP account sees its own followed patients, and not the one who objected to it.
    gp = ExternalProfile.objects.get(user__email="medecin.traitant@demo.maillage.fr").user
    visible = set(patients_visible_to(gp))
    assert demo_ctx.data["patients"]["showcase"] in visible
    assert demo_ctx.data["patients"]["objection_to_gp"] not in visible
    assert demo_ctx.data["patients"]["global_objection"] not in visible
    seed.seed(demo_ctx)  # a second run adds nothing
    assert Patient.objects.filter(network=network).count() == patients.count()


def test_the_regional_path_bulk_creates_patients(demo_ctx):
    from maillage.patients.seed_regional import seed_regional

    demo_ctx.scale = "regional"
    seed_regional(demo_ctx, 40)
    assert Patient.objects.count() == 40
    assert Enrolment.objects.exists()
    assert all(p.search_birth_name for p in Patient.objects.all())
