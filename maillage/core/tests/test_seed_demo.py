"""seed_demo: refused without MAILLAGE_ALLOW_SEED, idempotent, prints the demo logins."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from maillage.accounts.models import User
from maillage.core.management.commands.seed_demo import Command

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_it_refuses_without_the_explicit_permission(settings):
    settings.MAILLAGE_ALLOW_SEED = False
    with pytest.raises(CommandError, match="MAILLAGE_ALLOW_SEED=1"):
        call_command("seed_demo")
    assert User.objects.count() == 0


def test_it_prints_the_logins_and_creates_nothing_twice(settings):
    settings.MAILLAGE_ALLOW_SEED = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    output = out.getvalue()
    first = _counts()
    assert first["accounts.User"] >= 11
    for user in User.objects.all():
        assert user.email in output
    assert "Mot de passe de tous les comptes :" in output
    assert "demo_code" in output
    call_command("seed_demo", stdout=StringIO())
    second = _counts()
    grown = {
        label: (first[label], second[label]) for label in first if first[label] != second[label]
    }
    assert grown == {}, f"seed_demo a créé des doublons : {grown}"


def test_the_regional_scale_is_accepted():
    options = Command().create_parser("manage.py", "seed_demo").parse_args(["--scale", "regional"])
    assert options.scale == "regional"
