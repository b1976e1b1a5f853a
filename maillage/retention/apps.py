from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "maillage.retention"
    label = "retention"
    verbose_name = "Conservation"

    def ready(self) -> None:
        from maillage.retention import audit_purge
        from maillage.retention.registry import register_kind

        register_kind(
            "audit.event",
            "Évènements du journal d'audit",
            queryset_due=audit_purge.audit_events_due,
            purge=audit_purge._purge_one,
            purge_queryset=audit_purge.purge_audit_events,
        )
