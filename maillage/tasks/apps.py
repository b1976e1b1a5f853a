from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "maillage.tasks"
    label = "maillage_tasks"
    verbose_name = "Tâches de fond"
