"""`manage.py create_network_admin --network SLUG --email ADRESSE [--name NOM]`.

Creates the network if needed and its first network administrator, who receives an invitation
to choose a password (then enrols the second factor). Running it again re-sends the invitation.
"""

from django.core.management.base import BaseCommand, CommandError

from maillage.core.onboarding import OnboardingError, network_admin_create
from maillage.networks.models import NetworkKind


class Command(BaseCommand):
    help = "Crée un réseau et son premier administrateur, et lui envoie une invitation."

    def add_arguments(self, parser):
        parser.add_argument("--network", required=True, help="Identifiant court (slug) du réseau.")
        parser.add_argument("--email", required=True, help="Adresse de l'administrateur.")
        parser.add_argument("--name", default="", help="Nom du réseau (s'il faut le créer).")
        parser.add_argument(
            "--kind", default=NetworkKind.DAC, choices=NetworkKind.values, help="Type de réseau."
        )
        parser.add_argument("--first-name", default="", help="Prénom de l'administrateur.")
        parser.add_argument("--last-name", default="", help="Nom de l'administrateur.")

    def handle(self, *args, **options):
        try:
            done = network_admin_create(
                network_slug=options["network"],
                email=options["email"],
                network_name=options["name"],
                network_kind=options["kind"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except OnboardingError as exc:
            raise CommandError(str(exc)) from exc
        verb = "créé" if done.network_created else "existant"
        self.stdout.write(f"Réseau {verb} : {done.network.name} ({done.network.slug})")
        who = "créé" if done.user_created else "existant"
        self.stdout.write(f"Administrateur du réseau ({who}) : {done.user.email}")
        self.stdout.write(
            self.style.SUCCESS("Invitation envoyée")
            + " (courriel confié aux tâches de fond : le worker « db_worker » doit tourner)."
        )
