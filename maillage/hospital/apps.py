from django.apps import AppConfig


class HospitalConfig(AppConfig):
    name = "maillage.hospital"
    label = "hospital"
    verbose_name = "Lien ville-hôpital"
