"""Directory forms (validation only, French messages naming the field)."""

from __future__ import annotations

from django import forms

from maillage.core.identifiers import finess_is_valid
from maillage.directory.models import Organisation, Resource
from maillage.directory.selectors import KINDS, SearchFilters
from maillage.networks.models import Thematic
from maillage.networks.services import resolve_codes

MODES = [("", "Tous"), ("L", "Libéral"), ("S", "Salarié"), ("B", "Bénévole")]
RADII = [(0, "la commune seule"), (5, "5 km"), (10, "10 km"), (20, "20 km"), (50, "50 km")]


class SearchForm(forms.Form):
    # No max_length validation: a longer text is cut by the search, never refused.
    q = forms.CharField(
        label="Rechercher",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200}),
        help_text="Nom, profession, savoir-faire, structure ou service.",
    )
    kind = forms.ChoiceField(label="Type", choices=list(KINDS.items()), required=False)
    place = forms.CharField(
        label="Commune ou code postal",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 80}),
    )
    radius = forms.TypedChoiceField(
        label="Rayon", choices=RADII, coerce=int, required=False, empty_value=0
    )
    profession = forms.ChoiceField(label="Profession", required=False)
    specialty = forms.ChoiceField(label="Savoir-faire (spécialité)", required=False)
    thematic = forms.ChoiceField(label="Thématique", required=False)
    mode = forms.ChoiceField(label="Mode d'exercice", choices=MODES, required=False)
    partner = forms.BooleanField(label="Partenaires du réseau seulement", required=False)

    def __init__(self, *args, professions=(), specialties=(), show_partner=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession"].choices = [("", "Toutes"), *professions]
        self.fields["specialty"].choices = [("", "Tous"), *specialties]
        self.fields["thematic"].choices = [
            ("", "Toutes"),
            *Thematic.objects.values_list("code", "label"),
        ]
        if not show_partner:
            del self.fields["partner"]

    def filters(self) -> SearchFilters:
        """The valid part of the request: a wrong value in one filter (an old link, a forged
        URL) drops that filter only, never the whole search."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return SearchFilters(
            query=data.get("q", ""),
            kind=data.get("kind") or "professionnels",
            profession=data.get("profession", ""),
            specialty=data.get("specialty", ""),
            thematic=data.get("thematic", ""),
            place=data.get("place", ""),
            radius_km=data.get("radius") or 0,
            mode=data.get("mode", ""),
            partner_only=bool(data.get("partner")),
        )


class NetworkInfoForm(forms.Form):
    notes = forms.CharField(
        label="Notes du réseau (jamais exportées)", widget=forms.Textarea, required=False
    )
    is_partner = forms.BooleanField(label="Partenaire du réseau", required=False)
    support_care_convention = forms.BooleanField(
        label="Convention soins de support signée", required=False
    )
    convention_signed_on = forms.DateField(
        label="Date de signature de la convention",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    mssante_email = forms.EmailField(
        label="Messagerie sécurisée (MSSanté)",
        required=False,
        error_messages={"invalid": "Messagerie sécurisée : saisissez une adresse valide."},
    )

    def clean(self):
        data = super().clean()
        if data.get("convention_signed_on") and not data.get("support_care_convention"):
            self.add_error(
                "support_care_convention",
                "Cochez « Convention soins de support signée » pour indiquer sa date.",
            )
        return data


class ContactForm(forms.Form):
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    phone2 = forms.CharField(label="Téléphone 2", max_length=30, required=False)
    email = forms.EmailField(
        label="Courriel",
        required=False,
        error_messages={"invalid": "Courriel : saisissez une adresse valide (nom@domaine.fr)."},
    )

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"], "Téléphone")

    def clean_phone2(self):
        return _clean_phone(self.cleaned_data["phone2"], "Téléphone 2")


def _clean_phone(value: str, label: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if value and not (8 <= len(digits) <= 15):
        raise forms.ValidationError(f"{label} : saisissez un numéro de 10 chiffres (ex. 02 40 …).")
    return value.strip()


class ManualProfessionalForm(forms.Form):
    civility = forms.ChoiceField(
        label="Civilité",
        choices=[("", "—"), ("Madame", "Madame"), ("Monsieur", "Monsieur")],
        required=False,
    )
    last_name = forms.CharField(label="Nom", max_length=120)
    first_name = forms.CharField(label="Prénom", max_length=120, required=False)
    profession = forms.CharField(
        label="Profession ou activité",
        max_length=120,
        help_text="Ex. enseignant·e en activité physique adaptée, sophrologue, "
        "socio-esthéticien·ne.",
    )
    site_name = forms.CharField(label="Lieu d'exercice (nom)", max_length=250, required=False)
    siret = forms.CharField(
        label="SIRET du lieu d'exercice",
        max_length=20,
        required=False,
        help_text="14 chiffres (facultatif), ex. 732 829 320 00074.",
    )
    address = forms.CharField(label="Adresse", max_length=300, required=False)
    place = forms.CharField(
        label="Commune (code INSEE ou code postal)",
        max_length=20,
        help_text="Ex. 44109 ou 44000.",
    )
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    email = forms.EmailField(
        label="Courriel",
        required=False,
        error_messages={"invalid": "Courriel : saisissez une adresse valide (nom@domaine.fr)."},
    )
    mssante_email = forms.EmailField(
        label="Messagerie sécurisée (MSSanté)",
        required=False,
        error_messages={"invalid": "Messagerie sécurisée : saisissez une adresse valide."},
    )

    def clean_place(self):
        found = resolve_codes(self.cleaned_data["place"])
        if len(found.communes) != 1:
            raise forms.ValidationError(
                "Commune : saisissez un code INSEE ou un code postal connu, "
                "qui désigne une seule commune."
            )
        return found.communes[0]

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"], "Téléphone")

    def clean_siret(self):
        return clean_siret(self.cleaned_data["siret"], "SIRET du lieu d'exercice")


def clean_siret(value: str, label: str) -> str:
    """A SIRET checked with python-stdnum: its SIREN (the company, 9 digits) and then the
    whole number (the establishment) each carry a Luhn key; the message says which is wrong."""
    from stdnum.fr import siren, siret

    compact = "".join(value.split()).replace(".", "")
    if not compact:
        return ""
    if not (len(compact) == 14 and compact.isdigit()):
        raise forms.ValidationError(f"{label} : 14 chiffres attendus (ici {len(compact)}).")
    if siret.is_valid(compact):  # La Poste's establishments follow their own rule
        return compact
    if not siren.is_valid(compact[:9]):
        raise forms.ValidationError(
            f"{label} : le SIREN (9 premiers chiffres) a une clé de contrôle invalide."
        )
    raise forms.ValidationError(
        f"{label} : la clé de contrôle du numéro d'établissement est invalide."
    )


class ResourceForm(forms.ModelForm):
    thematics = forms.ModelMultipleChoiceField(
        label="Thématiques",
        queryset=Thematic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area_codes = forms.CharField(
        label="Communes desservies (codes INSEE ou postaux)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Collez une liste, séparée par des espaces, virgules ou retours à la ligne.",
    )

    class Meta:
        model = Resource
        fields = [
            "name",
            "description",
            "audience",
            "eligibility",
            "how_to_refer",
            "referral_phone",
            "referral_email",
            "referral_url",
            "opening_hours",
            "status",
            "checked_on",
        ]
        widgets = {
            "checked_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "how_to_refer": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {"required": "Nom du service : ce champ est obligatoire."},
            "referral_email": {"invalid": "Courriel pour orienter : adresse invalide."},
            "referral_url": {"invalid": "Formulaire en ligne : saisissez une adresse web valide."},
        }

    referral_url = forms.URLField(
        label="Formulaire en ligne",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Formulaire en ligne : saisissez une adresse web valide."},
    )
    organisation_finess = forms.CharField(
        label="FINESS de la structure qui propose (facultatif)", max_length=9, required=False
    )

    field_order = ["name", "organisation_finess", "thematics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            if self.instance.organisation_id:
                self.initial.setdefault("organisation_finess", self.instance.organisation.finess)
            self.initial.setdefault(
                "area_codes", " ".join(self.instance.area.values_list("insee_code", flat=True))
            )
            self.initial.setdefault("thematics", list(self.instance.thematics.all()))

    def clean_organisation_finess(self):
        value = self.cleaned_data["organisation_finess"].strip().upper()
        if not value:
            return None
        if not finess_is_valid(value):
            raise forms.ValidationError(
                "FINESS de la structure : 9 caractères dont la clé de contrôle (numéro mal "
                "recopié ?)."
            )
        organisation = Organisation.objects.filter(finess=value).first()
        if organisation is None:
            raise forms.ValidationError(
                "FINESS de la structure : aucune structure de l'annuaire n'a ce numéro."
            )
        return organisation

    def save(self, commit=True):
        self.instance.organisation = self.cleaned_data.get("organisation_finess")
        return super().save(commit=commit)

    def clean_area_codes(self):
        found = resolve_codes(self.cleaned_data["area_codes"])
        if found.unknown:
            raise forms.ValidationError(
                "Communes desservies : inconnues " + ", ".join(found.unknown[:10]) + "."
            )
        return found.communes

    def clean_referral_phone(self):
        return _clean_phone(self.cleaned_data["referral_phone"], "Téléphone pour orienter")
