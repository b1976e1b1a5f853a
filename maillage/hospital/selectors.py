"""Reads of the hospital link."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from maillage.hospital.models import DischargeItem, HospitalStay
from maillage.patients import selectors as patient_selectors
from maillage.patients.models import Carer, CareTeamMember, JournalEntry


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


def liaison_context(stay) -> dict:
    patient = stay.patient
    banner = patient_selectors.banner(patient)
    team = list(
        CareTeamMember.objects.filter(patient=patient, ended_on__isnull=True).select_related(
            "professional", "organisation", "external_user"
        )
    )
    carers = list(Carer.objects.filter(patient=patient, ended_on__isnull=True))
    problems = list(
        JournalEntry.objects.filter(patient=patient, confidentiality="care_team")
        .exclude(kind="event")
        .order_by("-occurred_at")[:5]
    )
    return {
        "stay": stay,
        "patient": patient,
        "gp": banner["gp"],
        "enrolment": banner["enrolment"],
        "team": team,
        "carers": carers,
        "recent": problems,
    }
