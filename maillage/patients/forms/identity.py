"""Identity forms: creation (with the duplicate check) and rectification."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from maillage.core.models import Commune
from maillage.patients import nir
from maillage.patients.forms.base import NAME_RE, DateInput, FrenchForm, VersionedForm
from maillage.patients.models import IdentityDocument, IdentityStatus, LegalProtection, Sex
from maillage.patients.models.identity import MANUAL_IDENTITY_STATUSES, STRICT_TRAITS

INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTAL_RE = re.compile(r"^\d{5}$")


def communes_for_postcode(postal_code: str):
    """Current communes served by a postal code (COG + La Poste, from the directory app)."""
    if not POSTAL_RE.match(postal_code or ""):
        return Commune.objects.none()
    return Commune.objects.filter(postal_codes__code=postal_code, is_current=True).order_by(
        "search_name"
    )


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


IDENTITY_FIELDS = [
    "birth_name",
    "used_name",
    "first_names",
    "used_first_name",
    "birth_date",
    "sex",
    "birth_insee_code",
    "birth_country",
    "is_doubtful",
    "is_fictitious",
    "identity_status",
    "identity_document",
    "declared_nir",
    "address",
    "address_complement",
    "postal_code",
    "commune",
    "phone",
    "mobile_phone",
    "email",
    "legal_protection",
    "legal_representative_name",
    "legal_representative_contact",
]


class IdentityForm(FrenchForm):
    birth_name = forms.CharField(label="Nom de naissance", max_length=100)
    used_name = forms.CharField(
        label="Nom utilisé",
        max_length=100,
        required=False,
        help_text="Nom d'usage (d'époux·se, par exemple) s'il diffère du nom de naissance.",
    )
    first_names = forms.CharField(
        label="Prénoms de naissance",
        max_length=200,
        help_text="Tous les prénoms de l'acte de naissance, dans l'ordre, séparés par un espace "
        "(un prénom composé garde son tiret : Jean-Pierre).",
    )
    used_first_name = forms.CharField(label="Prénom utilisé", max_length=100, required=False)
    birth_date = forms.DateField(label="Date de naissance", widget=DateInput)
    sex = forms.ChoiceField(label="Sexe", choices=Sex.choices, widget=forms.RadioSelect)
    birth_insee_code = forms.CharField(
        label="Code INSEE de la commune de naissance",
        max_length=5,
        required=False,
        help_text="5 caractères (2A ou 2B pour la Corse) ; 99 suivi du code pays pour une "
        "naissance à l'étranger.",
    )
    birth_country = forms.CharField(
        label="Pays de naissance", max_length=100, required=False, initial="France"
    )
    is_doubtful = forms.BooleanField(label="Identité douteuse", required=False)
    is_fictitious = forms.BooleanField(
        label="Identité fictive (anonymat demandé, tests)", required=False
    )
    identity_status = forms.ChoiceField(
        label="Statut de l'identité",
        choices=[(s.value, s.label) for s in IdentityStatus if s in MANUAL_IDENTITY_STATUSES],
        initial=IdentityStatus.PROVISIONAL,
        help_text="« Validée » seulement après avoir vu une pièce d'identité à haut niveau de "
        "confiance. Les statuts « récupérée » et « qualifiée » viennent du téléservice INSi.",
    )
    identity_document = forms.ChoiceField(
        label="Pièce d'identité vue",
        choices=[("", "—"), *IdentityDocument.choices],
        required=False,
    )
    declared_nir = forms.CharField(
        label="NIR déclaré",
        max_length=21,
        required=False,
        help_text="Numéro de sécurité sociale propre au patient (15 caractères avec la clé). "
        "Ce n'est pas l'INS : il n'est jamais présenté comme tel. " + nir.CARTE_VITALE_WARNING,
    )
    address = forms.CharField(label="Adresse", max_length=250, required=False)
    address_complement = forms.CharField(
        label="Complément d'adresse", max_length=250, required=False
    )
    postal_code = forms.CharField(
        label="Code postal",
        max_length=5,
        required=False,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "postal-code",
                "hx-get": reverse_lazy("patients:communes_for_postcode"),
                "hx-trigger": "input changed delay:300ms, change",
                "hx-target": "#id_commune",
                "hx-swap": "innerHTML",
            }
        ),
    )
    commune = CommuneChoiceField(
        label="Commune",
        queryset=Commune.objects.none(),
        required=False,
        help_text="Saisissez d'abord le code postal : les communes correspondantes sont proposées.",
    )
    phone = forms.CharField(label="Téléphone", max_length=20, required=False)
    mobile_phone = forms.CharField(label="Téléphone portable", max_length=20, required=False)
    email = forms.EmailField(label="Courriel", required=False)
    legal_protection = forms.ChoiceField(
        label="Mesure de protection juridique", choices=LegalProtection.choices, required=False
    )
    legal_representative_name = forms.CharField(
        label="Représentant légal (nom, qualité)", max_length=200, required=False
    )
    legal_representative_contact = forms.CharField(
        label="Coordonnées du représentant légal", max_length=250, required=False
    )

    def _clean_name(self, name: str, value: str) -> str:
        value = " ".join(value.split())
        if value and not all(NAME_RE.match(part) for part in value.split(" ")):
            raise ValidationError(
                f"« {self.fields[name].label} » : seules les lettres, les espaces, les tirets et "
                "les apostrophes sont permis."
            )
        return value

    def clean_birth_name(self):
        return self._clean_name("birth_name", self.cleaned_data["birth_name"])

    def clean_used_name(self):
        return self._clean_name("used_name", self.cleaned_data["used_name"])

    def clean_first_names(self):
        return self._clean_name("first_names", self.cleaned_data["first_names"])

    def clean_used_first_name(self):
        return self._clean_name("used_first_name", self.cleaned_data["used_first_name"])

    def clean_birth_date(self):
        value = self.past_date("birth_date")
        if value and value < datetime.date(1890, 1, 1):
            raise ValidationError("« Date de naissance » : vérifiez l'année (avant 1890).")
        return value

    def clean_birth_insee_code(self):
        value = self.cleaned_data["birth_insee_code"].strip().upper()
        if value and not INSEE_RE.match(value):
            raise ValidationError(
                "« Code INSEE de la commune de naissance » : 5 caractères, chiffres ou 2A/2B "
                "suivis de 3 chiffres (par exemple 44109 pour Nantes)."
            )
        return value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        postal_code = (
            self.data.get(self.add_prefix("postal_code")) if self.is_bound else None
        ) or (self.initial.get("postal_code") or "")
        self.fields["commune"].queryset = communes_for_postcode(str(postal_code).strip())

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and not POSTAL_RE.match(value):
            raise ValidationError("« Code postal » : 5 chiffres.")
        return value

    def clean_phone(self):
        return self.phone("phone")

    def clean_mobile_phone(self):
        return self.phone("mobile_phone")

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("identity_status")
        if status == IdentityStatus.VALIDATED:
            if not cleaned.get("identity_document"):
                self.add_error(
                    "identity_document",
                    "« Pièce d'identité vue » : indiquez la pièce vue pour valider l'identité, "
                    "ou laissez le statut « provisoire ».",
                )
            country = cleaned.get("birth_country", "").strip().lower()
            if not cleaned.get("birth_insee_code") and country in ("", "france"):
                self.add_error(
                    "birth_insee_code",
                    "« Code INSEE de la commune de naissance » : obligatoire pour valider une "
                    "identité née en France (sinon, indiquez le pays de naissance).",
                )
        elif cleaned.get("identity_document") and status == IdentityStatus.PROVISIONAL:
            cleaned["identity_document"] = ""
        if "declared_nir" in cleaned and not self.has_error("declared_nir"):
            try:
                cleaned["declared_nir"] = nir.validate_declared_nir(
                    cleaned["declared_nir"],
                    sex=cleaned.get("sex"),
                    birth_date=cleaned.get("birth_date"),
                )
            except ValidationError as exc:
                self.add_error("declared_nir", exc)
        postal_code, commune = cleaned.get("postal_code"), cleaned.get("commune")
        if postal_code and commune is None and not self.has_error("commune"):
            choices = self.fields["commune"].queryset
            if len(choices) == 1:
                cleaned["commune"] = choices[0]
            elif choices:
                self.add_error("commune", "« Commune » : choisissez la commune de ce code postal.")
        protection = cleaned.get("legal_protection")
        if (
            protection
            and protection != LegalProtection.SAFEGUARD
            and not cleaned.get("legal_representative_name")
        ):
            self.add_error(
                "legal_representative_name",
                "« Représentant légal » : indiquez qui exerce la mesure de protection.",
            )
        return cleaned

    def identity_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in IDENTITY_FIELDS if name in self.cleaned_data
        }


class PatientCreateForm(IdentityForm):
    not_a_duplicate = forms.BooleanField(
        label="J'ai vérifié : il s'agit d'une autre personne que les dossiers proposés",
        required=False,
    )


class PatientEditForm(VersionedForm, IdentityForm):
    traits_checked = forms.BooleanField(
        label="J'ai vérifié les traits modifiés sur la pièce d'identité",
        required=False,
    )

    def __init__(self, *args, patient, **kwargs):
        self.patient = patient
        super().__init__(*args, **kwargs)
        if patient.identity_traits_locked:
            for name in (*STRICT_TRAITS, "identity_status", "identity_document", "declared_nir"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            self.fields["identity_status"].choices = IdentityStatus.choices
            self.fields[
                "identity_status"
            ].help_text = "Traits issus du téléservice INSi : ils ne se modifient pas à la main."
            self.fields["identity_document"].choices = [("", "—"), *IdentityDocument.choices]

    def clean(self):
        cleaned = super().clean()
        patient = self.patient
        if patient.identity_traits_locked:
            return cleaned
        changed = [t for t in STRICT_TRAITS if t in cleaned and cleaned[t] != getattr(patient, t)]
        if (
            changed
            and patient.identity_status == IdentityStatus.VALIDATED
            and cleaned.get("identity_status") == IdentityStatus.VALIDATED
            and not cleaned.get("traits_checked")
        ):
            self.add_error(
                "traits_checked",
                "Vous modifiez un trait strict d'une identité validée ("
                + ", ".join(str(self.fields[t].label) for t in changed)
                + ") : cochez cette case après vérification sur la pièce d'identité, ou repassez "
                "l'identité en « provisoire ».",
            )
        return cleaned

    @staticmethod
    def initial_for(patient) -> dict:
        initial = {name: getattr(patient, name) for name in IDENTITY_FIELDS}
        initial["declared_nir"] = nir.formatted(patient.declared_nir)
        initial["version"] = patient.version
        return initial
