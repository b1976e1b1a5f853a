"""Writes all the data of a network (rows and files) to a ZIP archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.networks.models import Network
from maillage.retention.network import export_network


class Command(BaseCommand):
    help = "Exporte toutes les données d'un réseau (JSON et fichiers) dans une archive ZIP."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifiant court (slug) du réseau.")
        parser.add_argument("--output", required=True, help="Chemin de l'archive à écrire.")
        parser.add_argument(
            "--force", action="store_true", help="Remplace l'archive si elle existe déjà."
        )

    def handle(self, *args, slug, output, force=False, **options):
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            raise CommandError(f"Aucun réseau n'a pour identifiant « {slug} ».")
        path = Path(output)
        if path.exists() and not force:
            raise CommandError(f"{path} existe déjà : choisissez un autre chemin ou --force.")
        if not path.parent.is_dir():
            raise CommandError(f"Le dossier {path.parent} n'existe pas.")
        result = export_network(network=network, output=path)
        total = sum(result.counts.values())
        self.stdout.write(
            f"Réseau « {network.name} » exporté dans {path} : {total} enregistrement(s) "
            f"dans {len(result.counts)} table(s), {result.files} fichier(s). "
            f"SHA-256 : {result.sha256}"
        )
        self.stdout.write(
            "L'archive contient des données de santé : chiffrez-la avant de la déplacer."
        )
