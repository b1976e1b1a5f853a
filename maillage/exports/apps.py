from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "maillage.exports"
    label = "exports"
    verbose_name = "Exports"
