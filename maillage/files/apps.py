from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "maillage.files"
    label = "files"
    verbose_name = "Fichiers"
