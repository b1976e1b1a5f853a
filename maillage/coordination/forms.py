"""Forms of the coordination app (validation only)."""

from __future__ import annotations

from django import forms

from maillage.accounts.models import User
from maillage.coordination.models import AppointmentKind
from maillage.coordination.services import ENTRY_ATTACHMENT, MESSAGE_ATTACHMENT
from maillage.files.forms import UploadField
from maillage.patients.forms import JournalEntryForm
from maillage.patients.forms.base import DateInput, DateTimeInput, FrenchForm
from maillage.patients.models import JournalKind


class TimelineEntryForm(JournalEntryForm):
    attachment = UploadField(use=ENTRY_ATTACHMENT, label="Pièce jointe", required=False)


class TimelineFilterForm(FrenchForm):
    kind = forms.ChoiceField(
        label="Nature", choices=[("", "Toutes"), *JournalKind.choices], required=False
    )
    author = forms.ChoiceField(label="Auteur", choices=[("", "Tous")], required=False)
    since = forms.DateField(label="Du", widget=DateInput, required=False)
    until = forms.DateField(label="Au", widget=DateInput, required=False)

    def __init__(self, *args, authors, **kwargs):
        """`authors`: the users who wrote in this journal (already fetched, no query here)."""
        super().__init__(*args, **kwargs)
        self._authors = {str(user.public_id): user for user in authors}
        self.fields["author"].choices = [
            ("", "Tous"),
            *((key, user.full_name) for key, user in self._authors.items()),
        ]

    def clean_author(self):
        value = self.cleaned_data.get("author")
        return self._authors.get(value) if value else None

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "« Au » doit être après « Du ».")
        return data


class VigilanceForm(FrenchForm):
    text = forms.CharField(label="Point de vigilance", max_length=300)


class MessageForm(FrenchForm):
    body = forms.CharField(
        label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = UploadField(use=MESSAGE_ATTACHMENT, label="Pièce jointe", required=False)


class ReassignForm(FrenchForm):
    assignee = forms.ModelChoiceField(
        label="Confier à", queryset=User.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            memberships__network=network, memberships__is_active=True
        ).order_by("last_name", "first_name")


class AppointmentForm(FrenchForm):
    kind = forms.ChoiceField(label="Nature", choices=AppointmentKind.choices)
    starts_at = forms.DateTimeField(label="Début", widget=DateTimeInput)
    ends_at = forms.DateTimeField(label="Fin", widget=DateTimeInput)
    patient = forms.UUIDField(widget=forms.HiddenInput, required=False)
    place = forms.CharField(label="Lieu", max_length=200, required=False)
    note = forms.CharField(label="Précisions", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "« Fin » doit être après « Début ».")
        return data


class DigestForm(FrenchForm):
    email_digest = forms.BooleanField(label="Recevoir un courriel récapitulatif", required=False)
