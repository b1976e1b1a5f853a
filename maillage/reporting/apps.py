from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "maillage.reporting"
    label = "reporting"
    verbose_name = "Activité"

    def ready(self):
        from maillage.reporting import checks  # noqa: F401  (deployment check of the study key)
