from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "maillage.careplans"
    label = "careplans"
    verbose_name = "PPS"
