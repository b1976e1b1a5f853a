"""Prints the current TOTP code of a demo account (demo and development only)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maillage.accounts.models import EncryptedTOTPDevice


class Command(BaseCommand):
    help = "Affiche le code de double authentification du moment pour un compte de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not settings.MAILLAGE_ALLOW_SEED:
            raise CommandError("Refusé : réservé à la démonstration (MAILLAGE_ALLOW_SEED=1).")
        device = EncryptedTOTPDevice.objects.filter(
            user__email=email.lower(), confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"Aucun compte avec double authentification pour « {email} ».")
        totp = device.totp()
        totp.time = time.time()
        self.stdout.write(f"{totp.token():06d}")
