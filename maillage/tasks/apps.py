from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "maillage.tasks"
    label = "maillage_tasks"
    verbose_name = "Tâches de fond"

    def ready(self) -> None:
        # Every app's `jobs.py` registers its scheduled jobs (see maillage.tasks.schedule).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
