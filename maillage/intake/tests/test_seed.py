"""The demo seed writes requests in every state for the demo network."""

import io

import pytest

from maillage.core.management.commands.seed_demo import SeedContext
from maillage.intake.models import Status, SupportRequest

pytestmark = pytest.mark.django_db


def test_the_demo_seed_covers_every_state():
    from maillage.accounts import seed as accounts_seed
    from maillage.directory import seed as directory_seed
    from maillage.intake import seed
    from maillage.networks import seed as networks_seed
    from maillage.patients import seed as patients_seed

    ctx = SeedContext(scale="demo", stdout=io.StringIO())
    for module in (networks_seed, accounts_seed, directory_seed, patients_seed, seed):
        module.seed(ctx)
    network = ctx.networks["main"]
    statuses = set(SupportRequest.objects.filter(network=network).values_list("status", flat=True))
    assert statuses == set(Status)
    assert SupportRequest.objects.filter(network=ctx.networks["other"], forwarded_from=network)
    seed.seed(ctx)  # idempotent
    assert SupportRequest.objects.filter(network=network).count() == 10
