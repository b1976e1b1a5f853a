"""Évaluations."""

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "maillage.assessments"
    label = "assessments"
    verbose_name = "Évaluations"

    def ready(self) -> None:
        from maillage.assessments.permissions import can_read_assessments
        from maillage.patients.merging import MOVE, register_merge_handler
        from maillage.patients.tabs import PatientTab, register_tab

        register_tab(
            PatientTab(
                "evaluations",
                "Évaluations",
                "assessments:patient_tab",
                55,
                lambda access, ctx: can_read_assessments(access),
            )
        )
        register_merge_handler("assessments.assessment", "patient", MOVE)
        register_merge_handler("assessments.instrumentresult", "patient", MOVE)

        from maillage.assessments import rights

        rights.register()
