from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "maillage.networks"
    label = "networks"
    verbose_name = "Réseaux"
