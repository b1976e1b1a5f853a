"""French validation messages that name the field and say what to fix."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

PHONE_RE = re.compile(r"^\+?[0-9 .\-()]{6,20}$")
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ \-'’][^\W\d_]+)*$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class FrenchForm(forms.Form):
    """Every message names its field: « Nom de naissance » est obligatoire…"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = f"« {field.label} »"
            messages = {"required": f"{label} est obligatoire : renseignez-le."}
            if isinstance(field, forms.DateTimeField):
                messages["invalid"] = f"{label} : saisissez une date et une heure valides."
            elif isinstance(field, forms.DateField):
                messages["invalid"] = f"{label} : saisissez une date valide (JJ/MM/AAAA)."
            elif isinstance(field, forms.EmailField):
                messages["invalid"] = (
                    f"{label} : saisissez une adresse électronique valide (nom@exemple.fr)."
                )
            elif isinstance(field, forms.IntegerField):
                messages["invalid"] = f"{label} : saisissez un nombre entier."
                messages["min_value"] = f"{label} : saisissez un nombre positif."
            elif isinstance(field, forms.ModelMultipleChoiceField):
                messages["invalid_choice"] = f"{label} : choisissez parmi les valeurs proposées."
                messages["invalid_pk_value"] = messages["invalid_choice"]
            elif isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
                messages["invalid_choice"] = f"{label} : choisissez une des valeurs proposées."
            if getattr(field, "max_length", None):
                messages["max_length"] = f"{label} : {field.max_length} caractères au plus."
            field.error_messages.update(messages)
            field.validators = [
                MaxLengthValidator(v.limit_value, f"{label} : {v.limit_value} caractères au plus.")
                if isinstance(v, MaxLengthValidator)
                else v
                for v in field.validators
            ]

    def past_date(self, name: str):
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise ValidationError(f"« {self.fields[name].label} » ne peut pas être dans le futur.")
        return value

    def phone(self, name: str) -> str:
        value = self.cleaned_data.get(name, "").strip()
        if value and not PHONE_RE.match(value):
            raise ValidationError(
                f"« {self.fields[name].label} » : saisissez un numéro de téléphone "
                "(chiffres, espaces, points ; + pour l'international)."
            )
        return value


class VersionedForm(FrenchForm):
    """Edit forms carry the version of the row they started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Shows a service's ValidationError on the form's fields (or above the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error.messages)
    else:
        form.add_error(None, exc.messages)
