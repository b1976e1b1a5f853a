from django.apps import AppConfig


class RetentionTestAppConfig(AppConfig):
    name = "maillage.retention.tests.testapp"
    label = "retention_testapp"
    verbose_name = "Conservation (tests)"

    def ready(self) -> None:
        from maillage.files.registry import (
            DOCX,
            JPEG,
            ODT,
            PDF,
            PNG,
            TEXT,
            register_owner,
            register_usage,
        )
        from maillage.retention.registry import archivable_kind, register_kind
        from maillage.retention.tests.testapp.models import SampleRecord, can_read_sample_record

        register_kind(
            **archivable_kind(
                "retention_testapp.samplerecord",
                "Dossiers d'essai clôturés",
                model=SampleRecord,
                date_field="closed_at",
            )
        )
        register_usage(
            "tests.attachment", label="Pièce jointe d'essai", types={PDF, JPEG, PNG}, max_mb=10
        )
        register_usage(
            "tests.document", label="Document d'essai", types={PDF, DOCX, ODT, TEXT}, max_mb=10
        )
        register_owner("retention_testapp.samplerecord", can_read=can_read_sample_record)
