from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "maillage.directory"
    label = "directory"
    verbose_name = "Annuaire"
