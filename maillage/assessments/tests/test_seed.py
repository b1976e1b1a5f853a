"""The demo seed writes signed assessments with a history, drafts and problems for the PPS."""

import io

import pytest

from maillage.assessments import selectors
from maillage.assessments.models import Assessment, InstrumentResult, ProblemCatalogue
from maillage.core.management.commands.seed_demo import SeedContext

pytestmark = pytest.mark.django_db


def test_the_demo_seed_gives_several_patients_a_history():
    from maillage.accounts import seed as accounts_seed
    from maillage.assessments import seed
    from maillage.directory import seed as directory_seed
    from maillage.networks import seed as networks_seed
    from maillage.patients import seed as patients_seed

    ctx = SeedContext(scale="demo", stdout=io.StringIO())
    for module in (networks_seed, accounts_seed, directory_seed, patients_seed, seed):
        module.seed(ctx)
    patient = ctx.data["patients"]["showcase"]
    assert Assessment.objects.filter(patient=patient, status="signed").count() == 2
    assert Assessment.objects.filter(patient=patient, status="draft").count() == 1
    assert len({a.patient_id for a in Assessment.objects.all()}) >= 3
    aggir = selectors.signed_results_of(patient).filter(instrument_code="aggir")
    assert aggir.count() == 2
    assert InstrumentResult.objects.filter(status="draft", is_complete=False).exists()
    assert [p.code for p in selectors.problems_for_pps(patient)][:2] == [
        "chutes",
        "epuisement-aidant",
    ]
    for network in ctx.networks.values():
        assert ProblemCatalogue.objects.filter(network=network).count() >= 7
    seed.seed(ctx)
    assert Assessment.objects.filter(patient=patient).count() == 3
