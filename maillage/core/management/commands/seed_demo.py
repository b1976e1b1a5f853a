"""Seeds a fictional territory: `--scale demo` for people, `--scale regional` for benchmarks.

Each app contributes a `seed.py` with `seed(ctx)`; they run in SEEDERS order and share `ctx`
(a SeedContext: networks, users, rng…). Demo people are fictional (Faker fr_FR).
"""

import importlib
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

SEEDERS = [
    "maillage.networks.seed",
    "maillage.accounts.seed",
    "maillage.directory.seed",
    "maillage.patients.seed",
    "maillage.intake.seed",
    "maillage.assessments.seed",
    "maillage.careplans.seed",
    "maillage.coordination.seed",
    "maillage.hospital.seed",
    "maillage.supportcare.seed",
    "maillage.training.seed",
    "maillage.documents.seed",
    "maillage.files.seed",
    "maillage.retention.seed",
    "maillage.reporting.seed",
]


@dataclass
class SeedContext:
    scale: str
    stdout: object
    rng: random.Random = field(default_factory=lambda: random.Random(20261123))
    networks: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def log(self, message: str) -> None:
        self.stdout.write(message)


class Command(BaseCommand):
    help = "Crée un territoire fictif de démonstration (ou de mesure de performance)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "regional"], default="demo")

    def handle(self, *args, scale: str, **options):
        if not settings.MAILLAGE_ALLOW_SEED:
            raise CommandError(
                "Refusé : seed_demo ne s'exécute qu'avec MAILLAGE_ALLOW_SEED=1 "
                "(jamais sur une base de production)."
            )
        ctx = SeedContext(scale=scale, stdout=self.stdout)
        for module_name in SEEDERS:
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.seed(ctx)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Territoire de démonstration prêt."))
        if ctx.logins:
            self.stdout.write("Comptes de démonstration (mot de passe commun ci-dessous) :")
            for line in ctx.logins:
                self.stdout.write(f"  {line}")
            self.stdout.write(
                "Double authentification : « MAILLAGE_ALLOW_SEED=1 .venv/bin/python manage.py "
                "demo_code ADRESSE » affiche le code du moment ; la clé TOTP de chaque compte est "
                "aussi imprimée ci-dessus."
            )
