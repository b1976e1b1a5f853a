from django.apps import AppConfig


class SupportcareConfig(AppConfig):
    name = "maillage.supportcare"
    label = "supportcare"
    verbose_name = "Soins de support"
