from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "maillage.retention"
    label = "retention"
    verbose_name = "Conservation"
