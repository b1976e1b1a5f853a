"""Journal entries, tasks, patient search and merge confirmation."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.accounts.models import User
from maillage.patients import nir
from maillage.patients.forms.base import DateInput, DateTimeInput, FrenchForm
from maillage.patients.models import (
    Confidentiality,
    IdentityStatus,
    JournalKind,
    RuptureTag,
    TaskPriority,
)
from maillage.patients.selectors import FollowUp


class JournalEntryForm(FrenchForm):
    kind = forms.ChoiceField(
        label="Nature", choices=[(k.value, k.label) for k in JournalKind if k != JournalKind.EVENT]
    )
    occurred_at = forms.DateTimeField(label="Date et heure", widget=DateTimeInput)
    title = forms.CharField(label="Objet", max_length=200, required=False)
    body = forms.CharField(label="Contenu", widget=forms.Textarea(attrs={"rows": 5}))
    participants = forms.CharField(label="Participants", max_length=500, required=False)
    duration_minutes = forms.IntegerField(label="Durée (minutes)", min_value=0, required=False)
    confidentiality = forms.ChoiceField(
        label="Confidentialité", choices=Confidentiality.choices, initial=Confidentiality.CARE_TEAM
    )
    rupture_tag = forms.ChoiceField(
        label="Rupture de parcours ou besoin non couvert",
        choices=RuptureTag.choices,
        required=False,
        help_text="Signalé à l'ARS dans le rapport d'activité (coordination territoriale).",
    )

    def __init__(self, *args, allowed_confidentiality=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_confidentiality is not None:
            self.fields["confidentiality"].choices = [
                c for c in Confidentiality.choices if c[0] in allowed_confidentiality
            ]
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0))

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value and value > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError("« Date et heure » ne peut pas être dans le futur.")
        return value


class TaskForm(FrenchForm):
    title = forms.CharField(label="Tâche", max_length=200)
    assignee = forms.ModelChoiceField(label="Confiée à", queryset=User.objects.none())
    due_on = forms.DateField(label="Échéance", widget=DateInput, required=False)
    priority = forms.ChoiceField(
        label="Priorité", choices=TaskPriority.choices, initial=TaskPriority.NORMAL
    )
    description = forms.CharField(
        label="Précisions", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            memberships__network=network, memberships__is_active=True
        ).order_by("last_name", "first_name")


class PatientSearchForm(FrenchForm):
    name = forms.CharField(label="Nom ou prénom", max_length=100, required=False)
    birth_date = forms.DateField(label="Date de naissance", widget=DateInput, required=False)
    nir = forms.CharField(label="NIR", max_length=21, required=False)
    commune = forms.CharField(label="Commune ou code postal", max_length=120, required=False)
    coordinator = forms.ModelChoiceField(
        label="Coordinateur·rice", queryset=User.objects.none(), required=False
    )
    follow_up = forms.ChoiceField(
        label="Suivi", choices=[("", "Tous"), *FollowUp.CHOICES], required=False
    )
    identity_status = forms.ChoiceField(
        label="Statut de l'identité",
        choices=[("", "Tous"), *IdentityStatus.choices],
        required=False,
    )
    page = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = User.objects.filter(
            memberships__network=network,
            memberships__is_active=True,
            memberships__role__in=["coordinator", "medical_lead"],
        ).order_by("last_name", "first_name")

    def clean_nir(self):
        value = nir.compact(self.cleaned_data["nir"])
        if value and len(value) not in (13, 15):
            raise ValidationError("« NIR » : saisissez les 13 ou 15 caractères du numéro.")
        if len(value) == 13:
            try:
                value = value + nir.stdnum_nir.calc_check_digits(value)
            except ValueError as exc:
                raise ValidationError(
                    "« NIR » : seuls des chiffres (et 2A/2B) sont permis."
                ) from exc
        return value

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data.get("name", ""),
            "birth_date": data.get("birth_date"),
            "nir_value": data.get("nir", ""),
            "commune": data.get("commune", ""),
            "coordinator": data.get("coordinator"),
            "follow_up": data.get("follow_up", ""),
            "identity_status": data.get("identity_status", ""),
        }


class MergeForm(FrenchForm):
    keep = forms.ChoiceField(
        label="Dossier à conserver",
        choices=[("first", "Le premier"), ("second", "Le second")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Motif de la fusion", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    confirm = forms.BooleanField(
        label="J'ai vérifié qu'il s'agit de la même personne (traits et pièce d'identité)"
    )

    def __init__(self, *args, first_label: str = "", second_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [("first", first_label), ("second", second_label)]
