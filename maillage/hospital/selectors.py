"""Reads of the hospital link."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from maillage.hospital import adapters
from maillage.hospital.models import DischargeItem, HospitalStay
from maillage.patients import selectors as patient_selectors
from maillage.patients.models import Carer, CareTeamMember


def stays_of(patient):
    return list(
        HospitalStay.objects.filter(patient=patient).select_related("organisation", "reported_by")[
            :50
        ]
    )


def stay_get(patient, public_id) -> HospitalStay:
    return get_object_or_404(
        HospitalStay.objects.select_related("organisation", "reported_by", "patient"),
        patient=patient,
        public_id=public_id,
    )


def checklist(stay):
    return list(DischargeItem.objects.filter(stay=stay).select_related("task", "task__assignee"))


def _phone(member) -> str:
    if member.organisation_id:
        return member.organisation.phone
    if member.professional_id:
        return next((a.phone for a in member.professional.activities.all() if a.phone), "")
    return ""


def liaison_context(stay, *, medical: bool) -> dict:
    """What the fiche de liaison shows. `medical`: whether the reader may read medical data
    (problems and PPS); without it those sections say they are reserved."""
    patient = stay.patient
    banner = patient_selectors.banner(patient)
    team = list(
        CareTeamMember.objects.filter(patient=patient, ended_on__isnull=True)
        .select_related("professional", "organisation", "external_user")
        .prefetch_related("professional__activities")
        .order_by("role", "id")
    )
    for member in team:
        member.contact_phone = _phone(member)
    carers = list(Carer.objects.filter(patient=patient, ended_on__isnull=True))
    return {
        "stay": stay,
        "patient": patient,
        "gp": banner["gp"],
        "enrolment": banner["enrolment"],
        "team": team,
        "carers": carers,
        "medical": medical,
        "problems": adapters.current_problems(patient) if medical else [],
        "pps": adapters.pps_summary(patient) if medical else None,
    }
