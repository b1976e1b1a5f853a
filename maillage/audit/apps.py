from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "maillage.audit"
    label = "audit"
    verbose_name = "Traçabilité"

    def ready(self) -> None:
        from maillage.audit import panels, watch  # noqa: F401 - registers the panel and the job
