"""French error messages that name the field, for the forms of the documents and training apps:
each error says where to look and why (Django's defaults say neither)."""

from __future__ import annotations

from django import forms


def french_messages(form: forms.BaseForm) -> None:
    """Sets required / length / format / choice messages on every field of `form`, naming it.
    Call first in `__init__`; a form may still override one message afterwards."""
    for field in form.fields.values():
        label = str(field.label or "Ce champ")
        messages = field.error_messages
        messages["required"] = f"{label} : ce champ est obligatoire."
        if isinstance(field, forms.CharField):
            messages["max_length"] = (
                f"{label} : %(limit_value)d caractères au plus (le texte en compte %(show_value)d)."
            )
            messages["min_length"] = f"{label} : %(limit_value)d caractères au moins."
        if isinstance(field, forms.EmailField):
            messages["invalid"] = (
                f"{label} : saisissez une adresse complète, par exemple nom@exemple.fr."
            )
        elif isinstance(field, forms.URLField):
            messages["invalid"] = (
                f"{label} : saisissez une adresse web complète, commençant par https://."
            )
        elif isinstance(field, forms.IntegerField):
            messages["invalid"] = f"{label} : saisissez un nombre entier."
            messages["min_value"] = f"{label} : %(limit_value)s au moins."
            messages["max_value"] = f"{label} : %(limit_value)s au plus."
        elif isinstance(field, forms.DateTimeField):
            messages["invalid"] = f"{label} : saisissez une date et une heure (jj/mm/aaaa hh:mm)."
        elif isinstance(field, forms.DateField):
            messages["invalid"] = f"{label} : saisissez une date (jj/mm/aaaa)."
        elif isinstance(field, forms.TimeField):
            messages["invalid"] = f"{label} : saisissez une heure (hh:mm)."
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            messages["invalid_choice"] = f"{label} : choisissez une des valeurs proposées."
        if isinstance(field, forms.ModelMultipleChoiceField):
            messages["invalid_choice"] = f"{label} : choisissez parmi les valeurs proposées."
            messages["invalid_pk_value"] = f"{label} : choisissez parmi les valeurs proposées."
