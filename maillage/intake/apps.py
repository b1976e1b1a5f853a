from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "maillage.intake"
    label = "intake"
    verbose_name = "Guichet unique"

    def ready(self) -> None:
        from django.db.models import Q

        from maillage.core.dashboards import register_panel
        from maillage.files.registry import JPEG, PDF, PNG, register_owner, register_usage
        from maillage.intake import jobs, panels
        from maillage.intake.models import Channel, Status, SupportRequest
        from maillage.intake.permissions import can_read_attachment
        from maillage.patients.merging import MOVE, register_merge_handler
        from maillage.retention.registry import archivable_kind, register_kind

        register_usage(
            "intake.attachment",
            label="Pièce jointe d'une demande d'appui",
            types={PDF, JPEG, PNG},
            max_mb=10,
        )
        register_owner("intake.supportrequest", can_read=can_read_attachment)
        register_panel(panels.queues_panel)
        register_merge_handler("intake.supportrequest", "patient", MOVE)
        register_kind(
            **archivable_kind(
                "intake.level1_request",
                "Demande d'appui de niveau 1 (réponse donnée)",
                model=SupportRequest,
                date_field="decided_at",
                extra_filter=Q(status=Status.ANSWERED),
                purge=jobs.purge_request,
            )
        )
        register_kind(
            **archivable_kind(
                "intake.refused_web_request",
                "Demande web refusée",
                model=SupportRequest,
                date_field="decided_at",
                extra_filter=Q(status=Status.REFUSED, channel=Channel.WEB),
                purge=jobs.purge_request,
            )
        )
