"""Identity merges, kept with what is needed to undo them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from maillage.core.models import BaseModel


class PatientMerge(BaseModel):
    """Two records of the same person made one. `undo_data` lists, per relation, the rows moved
    from the absorbed record to the kept one and what was closed to respect uniqueness rules,
    so that `patient_merge_undo` can put everything back."""

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    kept = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="merges_kept"
    )
    absorbed = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="merges_absorbed"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("motif", blank=True)
    undo_data = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "fusion de dossiers"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kept=F("absorbed")), name="patient_merge_distinct_records"
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True, undone_by__isnull=True)
                | Q(undone_at__isnull=False, undone_by__isnull=False),
                name="patient_merge_undo_fields_together",
            ),
        ]

    def __str__(self) -> str:
        return f"Fusion du {self.created_at:%d/%m/%Y}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
