"""The director's audit search (validation only)."""

import re

from django import forms
from django.core.validators import RegexValidator

ACTION_PREFIX = RegexValidator(
    re.compile(r"^[a-z0-9_.]+$"),
    "Action : lettres minuscules, chiffres, points et soulignés seulement "
    "(exemple : patients. ou accounts.login).",
)


class AuditSearchForm(forms.Form):
    user = forms.ChoiceField(label="Utilisateur", required=False)
    patient = forms.UUIDField(
        label="Identifiant public du patient",
        required=False,
        help_text="L'identifiant affiché sur le dossier (36 caractères).",
        error_messages={
            "invalid": "Identifiant du patient invalide : collez l'identifiant public (36 "
            "caractères, comme 1b4e28ba-2fa1-11d2-883f-0016d3cca427)."
        },
    )
    action = forms.CharField(
        label="Action (début du nom)",
        required=False,
        max_length=100,
        validators=[ACTION_PREFIX],
        help_text="Exemple : patients.patient.viewed, accounts.login, audit.",
    )
    start = forms.DateField(
        label="Du",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Date de début invalide : utilisez le format jj/mm/aaaa."},
    )
    end = forms.DateField(
        label="Au",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Date de fin invalide : utilisez le format jj/mm/aaaa."},
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Tous")] + [
            (str(m.user.public_id), f"{m.user.full_name} ({m.user.email})") for m in members
        ]
        self.fields["user"].error_messages["invalid_choice"] = (
            "Utilisateur inconnu : choisissez une personne de la liste."
        )

    def clean_action(self) -> str:
        return self.cleaned_data["action"].strip()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "La date de fin doit être postérieure à la date de début.")
        return cleaned

    def filters(self) -> dict:
        """The validated filters, as keyword arguments of `audit_event_search`."""
        data = self.cleaned_data
        return {
            "user": data.get("user") or None,
            "patient": data.get("patient"),
            "action": data.get("action", ""),
            "start": data.get("start"),
            "end": data.get("end"),
        }

    def filters_for_audit(self) -> dict:
        return {k: str(v) for k, v in self.filters().items() if v}


class AlertHandledForm(forms.Form):
    note = forms.CharField(
        label="Suite donnée (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
