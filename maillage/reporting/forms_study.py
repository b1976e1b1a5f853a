"""The study export form: period, purpose, recipient and the documented legal basis."""

from __future__ import annotations

import datetime

from django import forms

LEGAL_BASES = [
    (
        "mr004",
        "Méthodologie de référence MR-004 (recherche n'impliquant pas la personne humaine, "
        "étude ou évaluation dans le domaine de la santé) : déclaration de conformité à la CNIL",
    ),
    (
        "cnil_authorisation",
        "Autorisation de la CNIL (loi Informatique et libertés, art. 66), après avis du CESREES",
    ),
    (
        "public_interest",
        "Mission d'intérêt public du réseau (RGPD art. 6.1.e et 9.2.h) : évaluation de son "
        "activité inscrite au registre des traitements",
    ),
    ("snds", "Mise à disposition prévue par un texte (arrêté, convention ARS) citée en référence"),
]
MAX_PERIOD_DAYS = 366 * 5


class StudyExportForm(forms.Form):
    start = forms.DateField(
        label="Début de la période",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Date de début manquante : indiquez le premier jour de la période.",
            "invalid": "Date de début invalide : utilisez le format jj/mm/aaaa.",
        },
    )
    end = forms.DateField(
        label="Fin de la période",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Date de fin manquante : indiquez le dernier jour de la période.",
            "invalid": "Date de fin invalide : utilisez le format jj/mm/aaaa.",
        },
    )
    purpose = forms.CharField(
        label="Finalité de l'étude",
        max_length=300,
        help_text="Ce que l'étude cherche à établir, tel qu'il figure dans son protocole.",
        error_messages={
            "required": "Finalité manquante : décrivez l'objet de l'étude.",
            "max_length": "Finalité trop longue : 300 caractères au plus.",
        },
    )
    recipient = forms.CharField(
        label="Destinataire",
        max_length=200,
        help_text="L'organisme et la personne responsable qui recevront le fichier.",
        error_messages={
            "required": "Destinataire manquant : indiquez qui recevra le fichier.",
            "max_length": "Destinataire trop long : 200 caractères au plus.",
        },
    )
    legal_basis = forms.ChoiceField(
        label="Base légale",
        choices=[("", "— choisir —"), *LEGAL_BASES],
        error_messages={
            "required": "Base légale manquante : choisissez le cadre qui autorise cette étude.",
            "invalid_choice": "Base légale inconnue : choisissez-la dans la liste.",
        },
    )
    legal_reference = forms.CharField(
        label="Référence de la base légale",
        max_length=200,
        help_text="N° de la déclaration de conformité ou de l'autorisation, entrée du registre "
        "des traitements, texte cité…",
        error_messages={
            "required": "Référence manquante : citez le document qui établit la base légale.",
            "max_length": "Référence trop longue : 200 caractères au plus.",
        },
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "Période invalide : la date de fin précède la date de début.")
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", "Période trop longue : cinq ans au plus.")
            elif start > datetime.date.today():
                self.add_error("start", "Période invalide : elle commence dans le futur.")
        for name in ("purpose", "recipient", "legal_reference"):
            if name in data:
                data[name] = " ".join(data[name].split())
        return data

    def audit_filters(self) -> dict:
        data = self.cleaned_data
        return {
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "purpose": data["purpose"],
            "recipient": data["recipient"],
            "legal_basis": data["legal_basis"],
            "legal_reference": data["legal_reference"],
        }
