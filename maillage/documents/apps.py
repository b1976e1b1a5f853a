from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "maillage.documents"
    label = "documents"
    verbose_name = "Documents et site public"
