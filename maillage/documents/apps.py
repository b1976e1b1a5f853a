from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "maillage.documents"
    label = "documents"
    verbose_name = "Documents et site public"

    def ready(self) -> None:
        from maillage.documents.permissions import can_read_version_file
        from maillage.files.registry import (
            DOCX,
            JPEG,
            ODT,
            PDF,
            PNG,
            register_owner,
            register_usage,
        )

        register_usage(
            "documents.file",
            label="Document de la bibliothèque",
            types={PDF, DOCX, ODT, PNG, JPEG},
            max_mb=20,
        )
        register_owner("documents.documentversion", can_read=can_read_version_file)
