from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from maillage.core import panels  # noqa: F401 - registers the role placeholders
