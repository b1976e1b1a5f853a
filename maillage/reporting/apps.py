from django.apps import AppConfig

from maillage.reporting import checks  # noqa: F401  (registers the deploy check of the study key)


class ReportingConfig(AppConfig):
    name = "maillage.reporting"
    label = "reporting"
    verbose_name = "Activité"
