from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "maillage.coordination"
    label = "coordination"
    verbose_name = "Coordination"

    def ready(self) -> None:
        from maillage.coordination import (  # noqa: F401 (digest and reminders register their jobs)
            digest,
            panels,
            permissions,
            reminders,
            tabs,
        )
        from maillage.coordination.services import ENTRY_ATTACHMENT, MESSAGE_ATTACHMENT
        from maillage.core.dashboards import register_panel
        from maillage.files.registry import JPEG, PDF, PNG, register_owner, register_usage

        register_usage(
            ENTRY_ATTACHMENT, label="Pièce jointe du journal", types={PDF, JPEG, PNG}, max_mb=10
        )
        register_usage(
            MESSAGE_ATTACHMENT, label="Pièce jointe d'un message", types={PDF, JPEG, PNG}, max_mb=10
        )
        register_owner("patients.journalentry", can_read=permissions.can_read_entry_file)
        register_owner("coordination.message", can_read=permissions.can_read_message_file)
        tabs.register()
        for provider in panels.PROVIDERS:
            register_panel(provider)
        from maillage.patients.merging import IGNORE, MOVE, register_merge_handler

        for label in ("notification", "message", "vigilancenote", "appointment"):
            register_merge_handler(f"coordination.{label}", "patient", MOVE)
        # Read markers of the absorbed record are left behind (unique per user and patient).
        register_merge_handler("coordination.threadread", "patient", IGNORE)
