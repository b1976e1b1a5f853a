"""Forms of the hospital link (validation only)."""

from django import forms
from django.utils import timezone

from maillage.directory.models import Organisation
from maillage.hospital.models import StayKind
from maillage.patients.forms.base import DateInput, DateTimeInput, FrenchForm


class OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} (FINESS {obj.finess})"


class AdmissionForm(FrenchForm):
    organisation = OrganisationField(
        label="Établissement", queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    kind = forms.ChoiceField(label="Type de séjour", choices=StayKind.choices)
    ward = forms.CharField(label="Service", max_length=200, required=False)
    admitted_at = forms.DateTimeField(label="Entrée le", widget=DateTimeInput)
    planned_discharge_on = forms.DateField(
        label="Sortie prévue le", widget=DateInput, required=False
    )
    reason = forms.CharField(label="Motif", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(finess__isnull=False).exclude(finess="").order_by("name")
        )
        if not self.is_bound:
            self.initial.setdefault("admitted_at", timezone.localtime().replace(second=0))


class DischargeForm(FrenchForm):
    discharged_at = forms.DateTimeField(label="Sortie le", widget=DateTimeInput)


class ResponsibleForm(FrenchForm):
    responsible = forms.CharField(label="Qui s'en charge", max_length=200, required=False)
