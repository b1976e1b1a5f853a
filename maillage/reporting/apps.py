from django.apps import AppConfig

from maillage.reporting import checks  # noqa: F401  (registers the deploy check of the study key)


class ReportingConfig(AppConfig):
    name = "maillage.reporting"
    label = "reporting"
    verbose_name = "Activité"

    def ready(self) -> None:
        from maillage.core.dashboards import register_panel
        from maillage.reporting.dashboard import activity_panel

        register_panel(activity_panel)
