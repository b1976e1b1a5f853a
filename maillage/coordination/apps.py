from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "maillage.coordination"
    label = "coordination"
    verbose_name = "Coordination"
