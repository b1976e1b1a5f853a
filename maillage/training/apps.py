from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "maillage.training"
    label = "training"
    verbose_name = "Formations"

    def ready(self) -> None:
        from maillage.core.dashboards import register_panel
        from maillage.training.dashboard import training_panel

        register_panel(training_panel)

        from maillage.training import jobs  # noqa: F401 - registers the scheduled job
