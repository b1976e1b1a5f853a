from django.apps import AppConfig


class SupportcareConfig(AppConfig):
    name = "maillage.supportcare"
    label = "supportcare"
    verbose_name = "Soins de support"

    def ready(self) -> None:
        from maillage.core.dashboards import register_panel
        from maillage.files.registry import JPEG, PDF, PNG, register_owner, register_usage
        from maillage.patients.tabs import PatientTab, register_tab
        from maillage.supportcare import merge
        from maillage.supportcare.dashboard import support_care_panel
        from maillage.supportcare.permissions import (
            REFERRAL_ROLES,
            can_read_convention_file,
            can_read_prescription_file,
        )

        register_usage(
            "supportcare.convention",
            label="Convention signée avec un intervenant",
            types={PDF, JPEG, PNG},
            max_mb=10,
        )
        register_usage(
            "supportcare.prescription",
            label="Prescription de soins de support",
            types={PDF, JPEG, PNG},
            max_mb=10,
        )
        register_owner("supportcare.convention", can_read=can_read_convention_file)
        register_owner("supportcare.supportcarereferral", can_read=can_read_prescription_file)
        register_panel(support_care_panel)
        register_tab(
            PatientTab(
                key="soins-de-support",
                label="Soins de support",
                url_name="supportcare:patient_section",
                order=80,
                visible=lambda access, ctx: access.is_staff and access.role in REFERRAL_ROLES,
            )
        )
        merge.register()
