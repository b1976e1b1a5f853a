from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "maillage.reporting"
    label = "reporting"
    verbose_name = "Activité"
