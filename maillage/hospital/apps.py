from django.apps import AppConfig


class HospitalConfig(AppConfig):
    name = "maillage.hospital"
    label = "hospital"
    verbose_name = "Lien ville-hôpital"

    def ready(self) -> None:
        from maillage.coordination.permissions import can_read_stays
        from maillage.patients.merging import MOVE, register_merge_handler
        from maillage.patients.tabs import PatientTab, register_tab

        register_merge_handler("hospital.hospitalstay", "patient", MOVE)

        register_tab(
            PatientTab(
                "hopital",
                "Hospitalisations",
                "hospital:stays",
                75,
                lambda access, ctx: can_read_stays(access),
            )
        )
