from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "maillage.files"
    label = "files"
    verbose_name = "Fichiers"

    def ready(self) -> None:
        from maillage.files import retention

        retention.register()
