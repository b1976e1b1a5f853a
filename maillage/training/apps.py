from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "maillage.training"
    label = "training"
    verbose_name = "Formations"
