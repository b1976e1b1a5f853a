from django.apps import AppConfig


class SupportcareConfig(AppConfig):
    name = "maillage.supportcare"
    label = "supportcare"
    verbose_name = "Soins de support"

    def ready(self) -> None:
        from maillage.files.registry import JPEG, PDF, PNG, register_owner, register_usage
        from maillage.supportcare.permissions import can_read_convention_file

        register_usage(
            "supportcare.convention",
            label="Convention signée avec un intervenant",
            types={PDF, JPEG, PNG},
            max_mb=10,
        )
        register_owner("supportcare.convention", can_read=can_read_convention_file)
