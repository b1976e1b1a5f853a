from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from maillage.accounts import panels, services  # noqa: F401 - registers jobs and panels
