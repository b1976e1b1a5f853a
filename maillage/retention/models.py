"""Retention (CNIL: active base → intermediate archive → deletion), as dated data.

`RetentionRule` says, for one kind of record (registered by its app in
`maillage.retention.registry`), how long it stays in the active base and then in the
intermediate archive. A network may override the platform default; a new rule with a later
`valid_from` replaces the previous one from that date, so the history of rules stays readable.

`ArchivableModel` is the convention for models whose records go through the intermediate
archive: an `archived_at` column, `objects` that leaves archived rows out of every list, and
`all_objects` for the retention service and the director's reasoned reading.
"""

from django.core.exceptions import ValidationError
from django.db import models

from maillage.core.models import BaseModel


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class ActiveManager(models.Manager.from_queryset(ArchivableQuerySet)):
    """The default manager of archivable models: archived rows are not there."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class ArchivableModel(models.Model):
    """Mixin for records that move to the intermediate archive before deletion.

    `Model.objects` excludes archived rows (every list, every lookup of the app); only the
    retention service and the director's archive view use `Model.all_objects`.
    """

    archived_at = models.DateTimeField("archivé le", null=True, blank=True, db_index=True)

    objects = ActiveManager()
    all_objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True


class RetentionRule(BaseModel):
    """How long one kind of record is kept, for one network (or every network by default).

    Durations count from the record's reference date (closure, refusal, upload…, chosen by the
    kind) for the active period, then from the archiving date for the archive period. Without any
    rule in force, nothing is archived or deleted.
    """

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retention_rules",
        verbose_name="réseau (vide : toute la plateforme)",
    )
    record_kind = models.CharField("type d'enregistrement", max_length=80)
    active_days = models.PositiveIntegerField("durée en base active (jours)")
    archive_days = models.PositiveIntegerField("durée en archive intermédiaire (jours)")
    valid_from = models.DateField("en vigueur à partir du")
    legal_basis = models.CharField("fondement (texte, délibération)", max_length=300, blank=True)

    class Meta:
        verbose_name = "règle de conservation"
        verbose_name_plural = "règles de conservation"
        ordering = ["record_kind", "network_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "record_kind", "valid_from"],
                name="retention_rule_one_per_network_kind_date",
            ),
            models.UniqueConstraint(
                fields=["record_kind", "valid_from"],
                condition=models.Q(network__isnull=True),
                name="retention_rule_one_platform_default_per_kind_date",
            ),
        ]

    def __str__(self) -> str:
        scope = self.network or "plateforme"
        return f"{self.record_kind} ({scope}) à partir du {self.valid_from:%d/%m/%Y}"

    def clean(self) -> None:
        from maillage.retention.registry import kinds

        if self.record_kind and self.record_kind not in kinds():
            raise ValidationError(
                {"record_kind": "Type d'enregistrement inconnu : choisissez-en un dans la liste."}
            )
