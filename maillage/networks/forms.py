"""Coverage forms (validation only)."""

from __future__ import annotations

from django import forms

from maillage.core.models import Commune
from maillage.networks.models import Thematic
from maillage.networks.services import resolve_codes


class CoverageAddForm(forms.Form):
    """Add communes to the territory: paste INSEE or postal codes, or name a whole département."""

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
    departement = forms.CharField(
        label="Ou tout un département (code)",
        max_length=3,
        required=False,
        help_text="Ex. 44, 2A, 974.",
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematics"].queryset = network.thematics.all() or Thematic.objects.all()

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
        if not codes.strip() and not departement and not self.errors:
            raise forms.ValidationError(
                "Saisissez des codes de communes ou un département à ajouter au territoire."
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
