"""Removes a network and everything that belongs to it. Export it first (export_network)."""

from django.core.management.base import BaseCommand, CommandError

from maillage.networks.models import Network
from maillage.retention.network import purge_network


class Command(BaseCommand):
    help = (
        "Supprime définitivement un réseau et toutes ses données. "
        "Exportez-les d'abord avec export_network."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifiant court (slug) du réseau.")
        parser.add_argument(
            "--confirm",
            required=True,
            help="Répétez l'identifiant du réseau pour confirmer la suppression.",
        )

    def handle(self, *args, slug, confirm, **options):
        if confirm != slug:
            raise CommandError(
                "Confirmation incorrecte : --confirm doit répéter exactement "
                "l'identifiant du réseau."
            )
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            raise CommandError(f"Aucun réseau n'a pour identifiant « {slug} ».")
        name = network.name
        result = purge_network(network=network)
        total = sum(result.counts.values())
        self.stdout.write(
            f"Réseau « {name} » supprimé : {total} enregistrement(s) dans "
            f"{len(result.counts)} table(s), {result.files} fichier(s)."
        )
        for reason in result.refused:
            self.stdout.write(self.style.WARNING(reason))
