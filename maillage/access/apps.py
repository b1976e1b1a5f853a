from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "maillage.access"
    label = "access"
    verbose_name = "Droits d'accès"

    def ready(self) -> None:
        from maillage.access.admin_site import harden_admin_site

        harden_admin_site()
