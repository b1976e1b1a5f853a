from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "maillage.patients"
    label = "patients"
    verbose_name = "Patients"

    def ready(self) -> None:
        from maillage.core.dashboards import register_panel
        from maillage.patients import merge_handlers, panels, rights, tabs

        merge_handlers.register()
        register_panel(panels.caseload_panel)
        register_panel(panels.external_panel)
        tabs.register_default_tabs()
        rights.register_default_sections()
