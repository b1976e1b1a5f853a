"""The person's rights (RGPD art. 15, CSP L.1111-7): the full record, as JSON and as a PDF.

Other apps add their part of the record through `register_export_section(key, title, build)`,
where `build(patient) -> list[dict]` returns plain, JSON-serialisable rows with French keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from maillage.patients import nir, selectors
from maillage.patients.models import Patient

ACTION_LABELS = {
    "patients.patient.viewed": "Consultation du dossier",
    "patients.patient.listed": "Affichage dans une liste",
    "patients.patient.proposed_as_duplicate": "Proposé comme doublon possible",
    "patients.patient.created": "Création du dossier",
    "patients.patient.rectified": "Rectification de l'identité ou des coordonnées",
    "patients.identity.validated": "Validation de l'identité",
    "patients.patient.merged": "Fusion avec un autre dossier",
    "patients.patient.merged_away": "Dossier fusionné dans un autre",
    "patients.merge.undone": "Annulation d'une fusion",
    "patients.consent.recorded": "Recueil de l'accord au partage",
    "patients.consent.objection_recorded": "Enregistrement d'une opposition",
    "patients.consent.withdrawn": "Retrait d'une déclaration",
    "patients.carer.added": "Ajout d'un proche",
    "patients.carer.updated": "Modification d'un proche",
    "patients.carer.ended": "Fin de l'intervention d'un proche",
    "patients.care_team.member_added": "Ajout d'un membre de l'équipe de soins",
    "patients.care_team.member_updated": "Modification d'un membre de l'équipe de soins",
    "patients.care_team.member_ended": "Fin de participation à l'équipe de soins",
    "patients.enrolment.opened": "Inclusion",
    "patients.enrolment.updated": "Modification de l'inclusion",
    "patients.enrolment.closed": "Clôture du suivi",
    "patients.journal.entry_added": "Ajout au journal de coordination",
    "patients.task.created": "Création d'une tâche",
    "patients.task.completed": "Tâche réalisée",
    "patients.record.exported": "Export du dossier (droit d'accès)",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True)
class ExportSection:
    key: str
    title: str
    build: Callable[[Patient], list[dict]]


_SECTIONS: dict[str, ExportSection] = {}


def register_export_section(key: str, title: str, build: Callable[[Patient], list[dict]]) -> None:
    _SECTIONS[key] = ExportSection(key, title, build)


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _datetime(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def identity_rows(patient: Patient) -> list[dict]:
    row = {
        "Nom de naissance": patient.birth_name,
        "Nom utilisé": patient.used_name,
        "Prénoms de naissance": patient.first_names,
        "Prénom utilisé": patient.used_first_name,
        "Date de naissance": _date(patient.birth_date),
        "Sexe": patient.get_sex_display(),
        "Lieu de naissance (code INSEE)": patient.birth_insee_code,
        "Pays de naissance": patient.birth_country,
        "Statut de l'identité": patient.get_identity_status_display(),
        "Pièce d'identité vue": patient.get_identity_document_display(),
        "Identité douteuse": "oui" if patient.is_doubtful else "non",
        "Identité fictive": "oui" if patient.is_fictitious else "non",
        # Declared, never presented as an INS.
        "NIR déclaré (ce n'est pas l'INS)": nir.formatted(patient.declared_nir),
        "Adresse": " ".join(filter(None, [patient.address, patient.address_complement])),
        "Code postal": patient.postal_code,
        "Commune": patient.commune.name if patient.commune_id else "",
        "Téléphone": patient.phone,
        "Téléphone portable": patient.mobile_phone,
        "Courriel": patient.email,
        "Mesure de protection": patient.get_legal_protection_display()
        if patient.legal_protection
        else "",
        "Représentant légal": patient.legal_representative_name,
        "Coordonnées du représentant légal": patient.legal_representative_contact,
    }
    if patient.has_ins:
        row["Matricule INS"] = patient.ins_matricule
        row["OID de l'INS"] = patient.ins_oid
    return [row]


def _consents(patient):
    return [
        {
            "Déclaration": c.get_kind_display(),
            "Portée": c.get_scope_display(),
            "Membres visés": ", ".join(m.member_name for m in c.members.all()),
            "Recueilli": c.get_method_display(),
            "Date": _date(c.given_on),
            "Exprimé par": c.given_by_name,
            "Version du texte": c.wording_version,
            "Empreinte du texte (SHA-256)": c.wording_hash,
            "Retiré le": _datetime(c.withdrawn_at),
        }
        for c in selectors.consents_of(patient)
    ]


def _carers(patient):
    return [
        {
            "Nom": str(c),
            "Lien": c.get_relationship_display(),
            "Rôles": ", ".join(c.roles_display),
            "Vit avec le patient": "oui" if c.lives_with_patient else "non",
            "Téléphone": c.phone,
            "Courriel": c.email,
            "Jusqu'au": _date(c.ended_on),
        }
        for c in selectors.carers_of(patient)
    ]


def _care_team(patient):
    return [
        {
            "Membre": m.member_name,
            "Rôle": m.get_role_display(),
            "Référent": "oui" if m.is_referent else "non",
            "Début": _date(m.started_on),
            "Fin": _date(m.ended_on),
            "Motif de fin": m.get_end_reason_display() if m.end_reason else "",
            "Données visibles": ", ".join(m.categories),
        }
        for m in selectors.care_team_of(patient)
    ]


def _enrolments(patient):
    return [
        {
            "Inclusion": _date(e.started_on),
            "Coordination": e.lead_coordinator.full_name,
            "Thématiques": ", ".join(t.label for t in e.thematics.all()),
            "Clôture": _date(e.closed_on),
            "Motif": e.get_closed_reason_display() if e.closed_reason else "",
        }
        for e in selectors.enrolments_of(patient)
    ]


def _journal(patient):
    from django.db.models import Q

    return [
        {
            "Date": _datetime(j.occurred_at),
            "Nature": j.get_kind_display(),
            "Auteur": j.author.full_name if j.author else "Automatique",
            "Objet": j.title,
            "Contenu": j.body,
            "Participants": j.participants,
            "Durée (minutes)": j.duration_minutes or "",
            "Confidentialité": j.get_confidentiality_display(),
            "Rupture de parcours / besoin non couvert": j.get_rupture_tag_display()
            if j.rupture_tag
            else "",
            "Corrige l'entrée du": _datetime(j.corrects.occurred_at) if j.corrects else "",
        }
        for j in selectors.journal_of(patient, Q()).order_by("occurred_at", "id")
    ]


def _tasks(patient):
    return [
        {
            "Tâche": t.title,
            "Confiée à": t.assignee.full_name,
            "Échéance": _date(t.due_on),
            "Faite le": _datetime(t.done_at),
        }
        for t in selectors.tasks_of(patient)
    ]


def _accesses(patient):
    return [
        {
            "Date": _datetime(e.at),
            "Par": e.actor_label or "Système",
            "Action": action_label(e.action),
        }
        for e in selectors.access_log(patient).order_by("at", "id")
    ]


def register_default_sections() -> None:
    register_export_section("identite", "Identité et coordonnées", identity_rows)
    register_export_section("consentements", "Consentement et oppositions", _consents)
    register_export_section("entourage", "Aidants et contacts", _carers)
    register_export_section("equipe_de_soins", "Équipe de soins", _care_team)
    register_export_section("inclusions", "Inclusions et suivi", _enrolments)
    register_export_section("journal", "Journal de coordination", _journal)
    register_export_section("taches", "Tâches", _tasks)


def build_record(patient: Patient, *, network) -> dict:
    """Every section of the record, then who accessed it and when."""
    sections = [
        {"key": s.key, "title": s.title, "rows": s.build(patient)} for s in _SECTIONS.values()
    ]
    sections.append({"key": "acces", "title": "Accès au dossier", "rows": _accesses(patient)})
    return {
        "document": "Copie du dossier de coordination (droit d'accès, art. 15 RGPD et "
        "L.1111-7 CSP)",
        "reseau": network.name,
        "edite_le": _datetime(timezone.now()),
        "sections": sections,
    }


def record_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def record_pdf(data: dict, patient: Patient, *, user) -> bytes:
    """Stamped on every page, only static files fetched (maillage.exports.pdf)."""
    from maillage.exports.pdf import render_pdf

    return render_pdf(
        "patients/export/record.html", {"data": data, "patient": patient}, stamp_user=user
    )
