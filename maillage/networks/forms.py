"""Coverage forms (validation only)."""

from __future__ import annotations

from django import forms

from maillage.core.models import Commune
from maillage.networks.models import Thematic
from maillage.networks.selectors import communes_by_codes
from maillage.networks.services import resolve_codes


class PickedCommunesField(forms.MultipleChoiceField):
    """INSEE codes ticked in the picker: checked against the table in `clean_picked`, not
    against a list of choices (all the communes of France would be one)."""

    def valid_value(self, value) -> bool:
        return True


class CoverageAddForm(forms.Form):
    """Add communes to the territory: pick them by name or postal code, paste INSEE or postal
    codes or names, or name a whole département."""

    thematics = forms.ModelMultipleChoiceField(
        label="Thématiques",
        queryset=Thematic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Thématiques : cochez au moins une thématique."},
    )
    codes = forms.CharField(
        label="Communes (noms, codes INSEE ou codes postaux)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Codes séparés par des espaces ou des virgules (ex. 44109 44190 44300), "
        "noms séparés par des virgules ou des retours à la ligne (ex. Rezé, Vertou).",
    )
    picked = PickedCommunesField(
        label="Communes choisies",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cherchez une commune par son nom ou son code postal, puis cochez-la.",
    )
    departement = forms.CharField(
        label="Ou tout un département (code)",
        max_length=3,
        required=False,
        help_text="Ex. 44, 2A, 974.",
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematics"].queryset = network.thematics.all() or Thematic.objects.all()

    def clean_picked(self):
        """The picker's ticked INSEE codes (choices are not listed up front: 35,000 communes)."""
        codes = [c.strip().upper() for c in self.cleaned_data["picked"] if c.strip()]
        communes = communes_by_codes(codes)
        unknown = sorted(set(codes) - {c.insee_code for c in communes})
        if unknown:
            raise forms.ValidationError(
                "Communes choisies : inconnues ou disparues du COG "
                + ", ".join(unknown[:10])
                + ". Retirez-les."
            )
        return communes

    def clean_departement(self):
        value = self.cleaned_data["departement"].strip().upper()
        if value and not Commune.objects.filter(departement=value, is_current=True).exists():
            raise forms.ValidationError(
                f"Département : « {value} » ne correspond à aucune commune connue."
            )
        return value

    def clean(self):
        data = super().clean()
        codes, departement = data.get("codes", ""), data.get("departement", "")
        picked = data.get("picked") or []
        if not codes.strip() and not departement and not picked and not self.errors:
            raise forms.ValidationError(
                "Choisissez des communes, saisissez leurs codes ou un département à ajouter "
                "au territoire."
            )
        if codes.strip():
            resolution = resolve_codes(codes)
            if resolution.unknown:
                self.add_error(
                    "codes",
                    "Communes : inconnues "
                    + ", ".join(resolution.unknown[:10])
                    + ". Corrigez-les ou retirez-les.",
                )
            elif not resolution.communes:
                self.add_error("codes", "Communes : aucun code à 5 caractères reconnu.")
            data["communes"] = resolution.communes
        if picked:
            seen = {c.insee_code for c in data.get("communes", [])}
            data["communes"] = data.get("communes", []) + [
                c for c in picked if c.insee_code not in seen
            ]
        return data


class WhoCoversForm(forms.Form):
    place = forms.CharField(label="Commune ou code postal", max_length=80)
    thematic = forms.ModelChoiceField(
        label="Thématique",
        queryset=Thematic.objects.all(),
        required=False,
        empty_label="Toutes",
        to_field_name="code",
    )
