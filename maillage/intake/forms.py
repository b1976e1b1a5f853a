"""Validation of the single entry point's forms (French messages naming the field)."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils import timezone

from maillage.core.models import Commune
from maillage.core.text import normalise
from maillage.files.forms import UploadField
from maillage.intake.models import (
    COMPLEXITY_CRITERIA,
    REASONS,
    Channel,
    RequesterQuality,
    SupportRequest,
    Urgency,
)
from maillage.networks.models import Network, Thematic

MIN_FILL_SECONDS = 4
_STAMP_SALT = "intake.public_form"

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

PERSON_FIELDS = [
    "person_birth_name",
    "person_first_names",
    "person_birth_date",
    "person_sex",
    "person_phone",
]


def find_commune(postal_code: str, name: str) -> Commune | None:
    rows = Commune.objects.filter(is_current=True, postal_codes__code=postal_code.strip())
    wanted = normalise(name)
    for commune in rows:
        if commune.search_name == wanted or (wanted and wanted in commune.other_names.split("|")):
            return commune
    return None


class _RequestFields(forms.ModelForm):
    """What staff and the public form share: requester, person, reasons, thematics."""

    commune_postal_code = forms.CharField(label="Code postal de la personne", required=False)
    commune_name = forms.CharField(label="Commune de la personne", required=False)
    reasons = forms.MultipleChoiceField(
        label="Motifs de la demande",
        choices=REASONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "« Motifs de la demande » : cochez au moins un motif."},
    )
    thematics = forms.ModelMultipleChoiceField(
        label="Thématiques",
        queryset=Thematic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SupportRequest
        fields = [
            "requester_name",
            "requester_quality",
            "requester_organisation",
            "requester_phone",
            "requester_email",
            *PERSON_FIELDS,
            "description",
            "urgency",
            "gp_name",
            "person_informed",
            "gp_informed",
        ]
        widgets = {"person_birth_date": DATE, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester_quality"].choices = RequesterQuality.choices
        self.fields["urgency"].choices = Urgency.choices
        self.fields["requester_phone"].help_text = "Un téléphone ou un courriel est nécessaire."
        if network is not None and network.thematics.exists():
            self.fields["thematics"].queryset = network.thematics.all()

    def clean_person_birth_date(self):
        value = self.cleaned_data.get("person_birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                "« Date de naissance » : la date ne peut pas être dans le futur."
            )
        return value

    def clean_requester_phone(self):
        value = (self.cleaned_data.get("requester_phone") or "").strip()
        digits = "".join(c for c in value if c.isdigit())
        if value and not 9 <= len(digits) <= 15:
            raise forms.ValidationError(
                "« Téléphone du demandeur » : saisissez un numéro à 10 chiffres."
            )
        return value

    def clean(self):
        data = super().clean()
        postal_code = (data.get("commune_postal_code") or "").strip()
        name = (data.get("commune_name") or "").strip()
        data["person_commune"] = None
        if postal_code or name:
            commune = find_commune(postal_code, name) if postal_code and name else None
            if commune is None:
                self.add_error(
                    "commune_name",
                    "« Commune de la personne » : cette commune n'existe pas pour ce code "
                    "postal. Vérifiez le code postal et l'orthographe.",
                )
            data["person_commune"] = commune
        if (
            not data.get("requester_phone")
            and not data.get("requester_email")
            and "requester_phone" not in self.errors
        ):
            self.add_error(
                "requester_phone",
                "« Téléphone du demandeur » : indiquez un téléphone ou un courriel pour que "
                "nous puissions vous rappeler.",
            )
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["reasons"] = list(self.cleaned_data["reasons"])
        data["person_commune"] = self.cleaned_data.get("person_commune")
        return data


class StaffRequestForm(_RequestFields):
    """Reception or a coordinator records a request received by phone, letter, on site…"""

    class Meta(_RequestFields.Meta):
        fields = ["channel", *_RequestFields.Meta.fields, "rupture_tag"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.WEB]
        self.fields["requester_name"].required = True
        self.fields["requester_name"].error_messages["required"] = (
            "« Nom du demandeur » : indiquez qui appelle."
        )


class PublicRequestForm(_RequestFields):
    """The public web form: no account, no NIR, a honeypot and a minimum fill time."""

    website = forms.CharField(
        label="Site web (laissez vide)",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)
    attachment = UploadField(use="intake.attachment", label="Pièce jointe", required=False)
    rgpd = forms.BooleanField(
        label="J'ai lu les informations sur le traitement de mes données.",
        error_messages={
            "required": "« Information sur vos données » : cochez la case après avoir lu la notice."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester_name"].required = True
        self.fields["requester_name"].label = "Votre nom"
        self.fields["requester_name"].error_messages["required"] = (
            "« Votre nom » : indiquez votre nom."
        )
        self.fields["requester_quality"].label = "Vous êtes"
        if not self.is_bound:
            self.initial["stamp"] = signing.dumps(time.time(), salt=_STAMP_SALT)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Ce champ doit rester vide.")
        return ""

    def clean_stamp(self):
        try:
            started = float(
                signing.loads(self.cleaned_data["stamp"], salt=_STAMP_SALT, max_age=86400)
            )
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                "Le formulaire a expiré : rechargez la page et saisissez à nouveau."
            ) from None
        if time.time() - started < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                "Envoi trop rapide : relisez votre demande puis envoyez-la à nouveau."
            )
        return self.cleaned_data["stamp"]


class ScreeningForm(forms.Form):
    criteria = forms.MultipleChoiceField(
        label="Repérage de la complexité",
        choices=COMPLEXITY_CRITERIA,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Réponse donnée",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "« Réponse donnée » : écrivez l'information ou l'orientation."},
    )
    resources = forms.ModelMultipleChoiceField(
        label="Ressources proposées",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resources"].queryset = resources


class DecisionForm(forms.Form):
    """Refuse (reason), appui ponctuel (what was done), accept (note)."""

    why = forms.CharField(
        label="Motif ou note",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "« Motif ou note » : expliquez la décision."},
    )


class ForwardForm(forms.Form):
    to_network = forms.ModelChoiceField(
        label="Réseau destinataire",
        queryset=Network.objects.none(),
        error_messages={"required": "« Réseau destinataire » : choisissez un réseau."},
    )
    note = forms.CharField(
        label="Note de transmission",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "« Note de transmission » : écrivez une note."},
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_network"].queryset = Network.objects.filter(is_active=True).exclude(
            pk=network.pk
        )


class AttachForm(forms.Form):
    patient = forms.UUIDField(widget=forms.HiddenInput)


class EnrolForm(forms.Form):
    """Accepted → enrolled: the agreements, the lead coordinator, the identity if no record."""

    lead_coordinator = forms.ModelChoiceField(
        label="Coordinateur·rice référent·e",
        queryset=None,
        error_messages={"required": "« Coordinateur·rice référent·e » : choisissez une personne."},
    )
    started_on = forms.DateField(label="Date d'inclusion", widget=DATE)
    person_agreement_on = forms.DateField(
        label="Accord de la personne recueilli le",
        widget=DATE,
        error_messages={"required": "« Accord de la personne » : indiquez la date de l'accord."},
    )
    gp_agreement_on = forms.DateField(
        label="Accord du médecin traitant recueilli le",
        widget=DATE,
        error_messages={
            "required": "« Accord du médecin traitant » : indiquez la date de l'accord."
        },
    )
    birth_name = forms.CharField(label="Nom de naissance", required=False)
    first_names = forms.CharField(label="Prénoms", required=False)
    birth_date = forms.DateField(label="Date de naissance", required=False, widget=DATE)
    sex = forms.ChoiceField(
        label="Sexe", required=False, choices=[("", "—"), ("F", "Féminin"), ("M", "Masculin")]
    )

    def __init__(self, *args, leads, needs_identity: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_identity = needs_identity
        self.fields["lead_coordinator"].queryset = leads
        if not needs_identity:
            for name in ("birth_name", "first_names", "birth_date", "sex"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if self.needs_identity:
            labels = {
                "birth_name": "Nom de naissance",
                "first_names": "Prénoms",
                "birth_date": "Date de naissance",
                "sex": "Sexe",
            }
            for name, label in labels.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"« {label} » : obligatoire pour créer le dossier.")
        return data
