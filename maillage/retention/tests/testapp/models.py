from django.db import models

from maillage.core.models import BaseModel
from maillage.retention.models import ArchivableModel


class SampleRecord(ArchivableModel, BaseModel):
    """A closed file of a network (stands for an enrolment or a request in tests)."""

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    label = models.CharField("libellé", max_length=100)
    closed_at = models.DateTimeField("clôturé le", null=True, blank=True)
    thematics = models.ManyToManyField("networks.Thematic", blank=True, related_name="+")

    def __str__(self) -> str:
        return self.label


class SampleNote(BaseModel):
    """A child row: reaches the network only through its record."""

    record = models.ForeignKey(SampleRecord, on_delete=models.PROTECT, related_name="notes")
    body = models.TextField("texte")
    replaces = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True)

    def __str__(self) -> str:
        return self.body[:20]


def can_read_sample_record(user, public_id) -> bool:
    """Staff of the record's network with a role that reads records (not reception)."""
    if not user.is_authenticated or not user.is_staff_kind:
        return False
    return SampleRecord.objects.filter(
        public_id=public_id,
        network__memberships__user=user,
        network__memberships__is_active=True,
        network__memberships__role__in=["coordinator", "medical_lead", "director"],
    ).exists()
