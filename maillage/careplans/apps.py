from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "maillage.careplans"
    label = "careplans"
    verbose_name = "PPS"

    def ready(self) -> None:
        from maillage.access.matrix import Category
        from maillage.careplans.panels import reviews_panel
        from maillage.careplans.permissions import READ_ROLES
        from maillage.core.dashboards import register_panel
        from maillage.patients.tabs import PatientTab, register_tab

        register_tab(
            PatientTab(
                key="pps",
                label="PPS",
                url_name="careplans:patient_pps",
                order=65,
                visible=lambda access, ctx: (
                    access.role in READ_ROLES
                    if access.is_staff
                    else access.can_read(Category.MEDICAL) or access.can_read(Category.SOCIAL)
                ),
            )
        )
        register_panel(reviews_panel)

        from maillage.patients.merging import MOVE, register_merge_handler

        register_merge_handler("careplans.pps", "patient", MOVE)
