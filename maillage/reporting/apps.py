from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "maillage.reporting"
    label = "reporting"
    verbose_name = "Activité"

    def ready(self) -> None:
        from maillage.core.dashboards import register_panel
        from maillage.reporting.dashboard import activity_panel

        register_panel(activity_panel)
