"""The period picker and the CPOM targets form (validation only)."""

import datetime

from django import forms
from django.utils import timezone

MAX_DAYS = 366 * 5


def default_period(today=None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


class PeriodForm(forms.Form):
    du = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au (inclus)", widget=forms.DateInput(attrs={"type": "date"}))
    thematique = forms.ChoiceField(label="Thématique", required=False)
    comparer = forms.BooleanField(label="Comparer avec l'année précédente", required=False)
    masquer = forms.BooleanField(
        label="Masquer les effectifs de moins de 10 (publication hors ARS)", required=False
    )

    def __init__(self, *args, thematics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematique"].choices = [("", "Toutes les thématiques")] + [
            (t.code, t.label) for t in thematics
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end:
            if end < start:
                self.add_error("au", "La fin de la période précède son début.")
            elif (end - start).days > MAX_DAYS:
                self.add_error("au", "Choisissez une période de cinq ans au plus.")
        return data


class TargetsForm(forms.Form):
    """One optional decimal per indicator key; an empty field removes the target."""

    annee = forms.IntegerField(label="Année", min_value=2000, max_value=2100)

    def __init__(self, *args, keys=(), initial_targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = list(keys)
        for index, (key, label) in enumerate(self.keys):
            self.fields[f"t{index}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=(initial_targets or {}).get(key),
            )
            self.fields[f"t{index}"].indicator_key = key

    def targets(self) -> dict:
        return {
            key: self.cleaned_data.get(f"t{index}") for index, (key, _l) in enumerate(self.keys)
        }
