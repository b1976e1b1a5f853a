from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "maillage.patients"
    label = "patients"
    verbose_name = "Patients"

    def ready(self) -> None:
        from maillage.patients import merge_handlers, rights, tabs

        merge_handlers.register()
        tabs.register_default_tabs()
        rights.register_default_sections()
