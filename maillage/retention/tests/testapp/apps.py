from django.apps import AppConfig


class RetentionTestAppConfig(AppConfig):
    name = "maillage.retention.tests.testapp"
    label = "retention_testapp"
    verbose_name = "Conservation (tests)"

    def ready(self) -> None:
        from maillage.retention.registry import archivable_kind, register_kind
        from maillage.retention.tests.testapp.models import SampleRecord

        register_kind(
            **archivable_kind(
                "retention_testapp.samplerecord",
                "Dossiers d'essai clôturés",
                model=SampleRecord,
                date_field="closed_at",
            )
        )
