"""Writes of the hospital link: admissions, discharges and the discharge-planning checklist.

Each admission and discharge notifies the lead coordinator, writes an automatic journal entry
and creates tasks (through the journal and task core)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.audit import record
from maillage.coordination.models import NotificationKind
from maillage.coordination.services import notify
from maillage.hospital.models import DischargeItem, DischargeItemKind, HospitalStay
from maillage.patients.models import JournalKind
from maillage.patients.selectors import open_enrolment
from maillage.patients.services import journal_entry_add, task_create

READMISSION_DAYS = 30


def _lead(patient):
    enrolment = open_enrolment(patient)
    if enrolment is None or enrolment.lead_coordinator is None:
        raise ValidationError(
            "Ce patient n'a pas de suivi en cours avec un coordinateur référent : "
            "le séjour ne peut pas être signalé ici."
        )
    return enrolment.lead_coordinator


def _link(stay) -> str:
    from django.urls import reverse

    return reverse("hospital:stay", args=[stay.public_id])


@transaction.atomic
def stay_admit(
    *,
    actor,
    patient,
    organisation,
    kind: str,
    admitted_at: datetime.datetime,
    ward: str = "",
    planned_discharge_on: datetime.date | None = None,
    reason: str = "",
    request=None,
) -> HospitalStay:
    lead = _lead(patient)
    if admitted_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"admitted_at": "La date d'entrée ne peut pas être dans le futur."})
    if planned_discharge_on and planned_discharge_on < admitted_at.date():
        raise ValidationError(
            {"planned_discharge_on": "La sortie prévue ne peut pas précéder l'entrée."}
        )
    if not organisation.finess:
        raise ValidationError({"organisation": "Choisissez un établissement ayant un FINESS."})
    window = admitted_at - datetime.timedelta(days=READMISSION_DAYS)
    readmission = HospitalStay.objects.filter(
        patient=patient, discharged_at__gte=window, discharged_at__lte=admitted_at
    ).exists()
    stay = HospitalStay.objects.create(
        patient=patient,
        network=patient.network,
        organisation=organisation,
        kind=kind,
        ward=ward,
        admitted_at=admitted_at,
        planned_discharge_on=planned_discharge_on,
        reason=reason,
        reported_by=actor,
        is_readmission=readmission,
    )
    journal_entry_add(
        actor=None,
        patient=patient,
        kind=JournalKind.EVENT,
        occurred_at=admitted_at,
        title="Entrée d'hospitalisation"
        + (" (réhospitalisation à moins de 30 jours)" if readmission else ""),
        body=f"{stay.get_kind_display()} — {organisation.name}" + (f", {ward}" if ward else ""),
        source="hospital.stay",
        source_uuid=stay.public_id,
        request=request,
    )
    due = planned_discharge_on or (timezone.localdate() + datetime.timedelta(days=3))
    for item in DischargeItemKind:
        task = task_create(
            actor=actor if actor.is_staff_kind else None,
            network=patient.network,
            assignee=lead,
            patient=patient,
            title=f"Préparer la sortie : {item.label}",
            due_on=due,
            origin="hospital.discharge_planning",
            source_uuid=stay.public_id,
            request=request,
        )
        DischargeItem.objects.create(stay=stay, item=item.value, task=task)
    notify(
        user=lead,
        network=patient.network,
        kind=NotificationKind.ADMISSION,
        patient=patient,
        link=_link(stay),
    )
    record(
        "hospital.stay.admitted",
        actor=actor,
        request=request,
        network=patient.network,
        target=stay,
        patient=patient,
        details={"kind": kind, "readmission": readmission},
    )
    return stay


@transaction.atomic
def stay_discharge(*, actor, stay: HospitalStay, discharged_at: datetime.datetime, request=None):
    stay = HospitalStay.objects.select_for_update().get(pk=stay.pk)
    if stay.discharged_at is not None:
        raise ValidationError("La sortie de ce séjour est déjà enregistrée.")
    if discharged_at < stay.admitted_at:
        raise ValidationError(
            {"discharged_at": "La date de sortie ne peut pas précéder la date d'entrée."}
        )
    if discharged_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError(
            {"discharged_at": "La date de sortie ne peut pas être dans le futur."}
        )
    lead = _lead(stay.patient)
    stay.discharged_at = discharged_at
    stay.save(update_fields=["discharged_at", "updated_at"])
    journal_entry_add(
        actor=None,
        patient=stay.patient,
        kind=JournalKind.EVENT,
        occurred_at=discharged_at,
        title="Sortie d'hospitalisation",
        body=f"{stay.get_kind_display()} — {stay.organisation.name}",
        source="hospital.stay",
        source_uuid=stay.public_id,
        request=request,
    )
    task_create(
        actor=actor if actor.is_staff_kind else None,
        network=stay.network,
        assignee=lead,
        patient=stay.patient,
        title="Rappeler le patient après sa sortie d'hospitalisation",
        due_on=timezone.localdate() + datetime.timedelta(days=2),
        priority="high",
        origin="hospital.discharge_call_back",
        source_uuid=stay.public_id,
        request=request,
    )
    notify(
        user=lead,
        network=stay.network,
        kind=NotificationKind.DISCHARGE,
        patient=stay.patient,
        link=_link(stay),
    )
    record(
        "hospital.stay.discharged",
        actor=actor,
        request=request,
        network=stay.network,
        target=stay,
        patient=stay.patient,
    )
    return stay


@transaction.atomic
def discharge_item_update(*, actor, item: DischargeItem, responsible: str, request=None):
    item.responsible = responsible.strip()[:200]
    item.save(update_fields=["responsible", "updated_at"])
    record(
        "hospital.discharge_item.updated",
        actor=actor,
        request=request,
        network=item.stay.network,
        target=item,
        patient=item.stay.patient,
    )
    return item
