"""Forms of the training app: validation only, French messages naming the field."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from maillage.core.identifiers import rpps_is_valid
from maillage.core.models import Commune
from maillage.documents.formtext import french_messages
from maillage.networks.models import Thematic
from maillage.training.models import Event, EventKind, Profession


def _french_required(form: forms.Form) -> None:
    french_messages(form)


class CommuneField(forms.CharField):
    """A commune typed as its INSEE code (5 characters, as in the directory)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        code = value.strip().upper()
        commune = Commune.objects.filter(insee_code=code).first()
        if commune is None:
            raise forms.ValidationError(
                "Commune : code INSEE inconnu. Saisissez les 5 caractères du code commune "
                "(par exemple 44109 pour Nantes)."
            )
        return commune


class EventForm(forms.ModelForm):
    thematics = forms.ModelMultipleChoiceField(
        label="Thématiques",
        queryset=Thematic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_professions = forms.MultipleChoiceField(
        label="Professions visées",
        choices=Profession.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    video_url = forms.URLField(
        label="Lien de visioconférence",
        required=False,
        assume_scheme="https",
        max_length=200,
    )
    commune = CommuneField(
        label="Commune du lieu (code INSEE)",
        required=False,
        max_length=5,
        help_text="Laissez vide pour un événement en visioconférence.",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "theme",
            "kind",
            "summary",
            "programme",
            "address",
            "commune",
            "video_url",
            "capacity",
            "target_professions",
            "dpc_reference",
        ]
        widgets = {"programme": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        if network is not None:
            self.fields["thematics"].queryset = network.thematics.all() or Thematic.objects.all()
        if self.instance.pk:
            self.fields["thematics"].initial = list(self.instance.thematics.all())
            if self.instance.commune_id:
                self.initial["commune"] = self.instance.commune_id
        self.fields["kind"].choices = EventKind.choices
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        _french_required(self)
        self.fields["capacity"].error_messages["min_value"] = (
            "Nombre de places : au moins une place."
        )
        self.fields["video_url"].error_messages["invalid"] = (
            "Lien de visioconférence : saisissez une adresse complète commençant par https://."
        )

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise forms.ValidationError("Nombre de places : au moins une place.")
        return capacity

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("commune") and not cleaned.get("address"):
            self.add_error("address", "Adresse du lieu : précisez l'adresse dans la commune.")
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields} | {
            "programme": self.cleaned_data.get("programme") or "",
            "address": self.cleaned_data.get("address") or "",
            "video_url": self.cleaned_data.get("video_url") or "",
            "dpc_reference": self.cleaned_data.get("dpc_reference") or "",
            "target_professions": list(self.cleaned_data.get("target_professions") or []),
        }


class SlotForm(forms.Form):
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="Heure de début", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="Heure de fin", widget=forms.TimeInput(attrs={"type": "time"}))
    label = forms.CharField(label="Intitulé (facultatif)", max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_required(self)
        self.fields["day"].error_messages["invalid"] = "Date : saisissez une date valide."
        self.fields["start"].error_messages["invalid"] = "Heure de début : format HH:MM."
        self.fields["end"].error_messages["invalid"] = "Heure de fin : format HH:MM."

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", "Heure de fin : elle doit être après l'heure de début.")
            else:
                tz = timezone.get_current_timezone()
                cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start), tz)
                cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end), tz)
        return cleaned


class SpeakerForm(forms.Form):
    rpps = forms.CharField(
        label="RPPS de l'intervenant·e (annuaire)",
        max_length=11,
        required=False,
        help_text="Pour un·e professionnel·le de l'annuaire ; sinon, saisissez son nom.",
    )
    name = forms.CharField(label="Nom (saisie libre)", max_length=200, required=False)
    role = forms.CharField(label="Fonction", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_required(self)

    def clean(self):
        from maillage.directory.models import IdType, Professional

        cleaned = super().clean()
        rpps = (cleaned.get("rpps") or "").strip()
        name = (cleaned.get("name") or "").strip()
        cleaned["professional"] = None
        if rpps:
            if not rpps_is_valid(rpps):
                self.add_error(
                    "rpps", "RPPS de l'intervenant·e : 11 chiffres dont une clé de contrôle."
                )
                return cleaned
            professional = Professional.objects.filter(
                id_type=IdType.RPPS, identifier=rpps, is_active=True
            ).first()
            if professional is None:
                self.add_error(
                    "rpps",
                    "RPPS de l'intervenant·e : aucun professionnel actif de l'annuaire ne porte "
                    "ce numéro. Saisissez son nom à la place.",
                )
            cleaned["professional"] = professional
        elif not name:
            raise forms.ValidationError("Intervenant·e : indiquez un RPPS de l'annuaire ou un nom.")
        cleaned["name"] = name
        return cleaned


class RegistrationForm(forms.Form):
    """The public registration form (also used by staff)."""

    first_name = forms.CharField(label="Prénom", max_length=120)
    last_name = forms.CharField(label="Nom", max_length=120)
    profession = forms.ChoiceField(
        label="Profession", choices=[("", "Choisissez votre profession"), *Profession.choices]
    )
    rpps = forms.CharField(
        label="Numéro RPPS (facultatif)",
        max_length=20,
        required=False,
        help_text="11 chiffres, sur votre carte CPS ; utile pour l'attestation DPC.",
    )
    structure = forms.CharField(label="Structure d'exercice", max_length=200, required=False)
    email = forms.EmailField(label="Adresse électronique", max_length=254)
    waiting_list = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_required(self)
        self.fields["email"].error_messages["invalid"] = (
            "Adresse électronique : saisissez une adresse complète, par exemple "
            "prenom.nom@exemple.fr."
        )
        self.fields["profession"].error_messages["invalid_choice"] = (
            "Profession : choisissez une profession dans la liste."
        )
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "structure": "organization",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["rpps"].widget.attrs["inputmode"] = "numeric"

    def clean_rpps(self):
        value = (self.cleaned_data.get("rpps") or "").replace(" ", "")
        if value and not rpps_is_valid(value):
            raise forms.ValidationError(
                "Numéro RPPS : il comporte 11 chiffres dont une clé de contrôle ; vérifiez-le "
                "sur votre carte CPS ou laissez le champ vide."
            )
        return value


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label="Motif (communiqué aux inscrit·es)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_required(self)


RATING_CHOICES = [
    (5, "5 — Très satisfait·e"),
    (4, "4 — Satisfait·e"),
    (3, "3 — Moyennement"),
    (2, "2 — Peu satisfait·e"),
    (1, "1 — Pas du tout satisfait·e"),
]
USEFULNESS_CHOICES = [
    (5, "5 — Très utile"),
    (4, "4 — Utile"),
    (3, "3 — Moyennement utile"),
    (2, "2 — Peu utile"),
    (1, "1 — Pas utile"),
]


class SatisfactionForm(forms.Form):
    overall_rating = forms.TypedChoiceField(
        label="Appréciation générale de l'événement",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label="Utilité pour votre pratique",
        choices=USEFULNESS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Commentaire (facultatif)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_required(self)
        for name in ("overall_rating", "usefulness"):
            label = self.fields[name].label
            self.fields[name].error_messages["invalid_choice"] = (
                f"{label} : choisissez une note de 1 à 5."
            )
