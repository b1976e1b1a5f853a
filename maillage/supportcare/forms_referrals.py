"""Forms for referrals, sessions, exceptions and statements (validation only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from maillage.core.models import Commune
from maillage.files.forms import UploadField
from maillage.networks.models import Thematic
from maillage.supportcare.forms import FrenchMessagesMixin
from maillage.supportcare.models import (
    FundingLine,
    PrescriberRole,
    Provider,
    ProviderPlace,
    ReferralStatus,
    SessionStatus,
    SupportKind,
    TreatmentPhase,
)


class ReferralForm(FrenchMessagesMixin, forms.Form):
    funding_line = forms.ModelChoiceField(
        label="Ligne de financement", queryset=FundingLine.objects.none()
    )
    kind = forms.ChoiceField(label="Soin de support", choices=SupportKind.choices)
    provider = forms.ModelChoiceField(label="Intervenant choisi", queryset=Provider.objects.none())
    sessions_granted = forms.IntegerField(label="Séances accordées", min_value=1, max_value=100)
    referred_on = forms.DateField(label="Date de l'orientation")
    thematic = forms.ModelChoiceField(
        label="Thématique", queryset=Thematic.objects.all(), required=False, empty_label="—"
    )
    diagnosis = forms.CharField(label="Diagnostic", max_length=300, required=False)
    treatment_phase = forms.ChoiceField(label="Phase de traitement", choices=TreatmentPhase.choices)
    treatment_ended_on = forms.DateField(label="Fin du traitement", required=False)
    has_ald = forms.BooleanField(
        label="Pris en charge en affection de longue durée (ALD)", required=False
    )
    commune_code = forms.CharField(
        label="Code INSEE de la commune de résidence",
        max_length=5,
        required=False,
        help_text="Vide : la commune du dossier patient.",
    )
    prescriber_name = forms.CharField(label="Prescripteur", max_length=200, required=False)
    prescriber_role = forms.ChoiceField(
        label="Qualité du prescripteur",
        required=False,
        choices=[("", "—"), *PrescriberRole.choices],
    )
    prescribed_on = forms.DateField(label="Date de prescription", required=False)
    prescription_upload = UploadField(
        use="supportcare.prescription", label="Prescription (fichier)", required=False
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_line"].queryset = FundingLine.objects.filter(
            network=network, is_active=True
        ).order_by("-starts_on", "name")
        self.fields["provider"].queryset = (
            Provider.objects.filter(network=network, is_active=True)
            .select_related("professional", "organisation")
            .order_by("professional__search_name", "organisation__search_name")
        )
        self.fields["provider"].label_from_instance = lambda p: p.name

    def clean_commune_code(self):
        code = (self.cleaned_data.get("commune_code") or "").strip().upper()
        if not code:
            return None
        commune = Commune.objects.filter(insee_code=code).first()
        if commune is None:
            raise ValidationError("Code INSEE de la commune : aucune commune ne porte ce code.")
        return commune

    def clean(self):
        data = super().clean()
        if data.get("treatment_phase") == TreatmentPhase.AFTER_TREATMENT and not data.get(
            "treatment_ended_on"
        ):
            self.add_error(
                "treatment_ended_on",
                "Fin du traitement : indiquez la date, le traitement étant déclaré terminé.",
            )
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["commune"] = data.pop("commune_code")
        return data


class SessionForm(FrenchMessagesMixin, forms.Form):
    day = forms.DateField(label="Date de la séance")
    start_time = forms.TimeField(
        label="Heure",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    status = forms.ChoiceField(
        label="Statut",
        choices=[c for c in SessionStatus.choices if c[0] != SessionStatus.CANCELLED],
    )
    place = forms.ModelChoiceField(
        label="Lieu", queryset=ProviderPlace.objects.none(), required=False, empty_label="—"
    )
    note = forms.CharField(label="Remarque (sans donnée médicale)", max_length=300, required=False)

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = provider.places.filter(is_active=True).order_by("name")
        self.fields["start_time"].error_messages["invalid"] = "Heure : saisissez une heure (hh:mm)."


class SessionOutcomeForm(FrenchMessagesMixin, forms.Form):
    status = forms.ChoiceField(
        label="Résultat",
        choices=[
            (SessionStatus.HELD, "Réalisée"),
            (SessionStatus.MISSED_EXCUSED, "Absence excusée"),
            (SessionStatus.MISSED_UNEXCUSED, "Absence non excusée"),
        ],
    )


class CancelForm(FrenchMessagesMixin, forms.Form):
    reason = forms.CharField(label="Motif de l'annulation", max_length=300)


class TransitionForm(FrenchMessagesMixin, forms.Form):
    to_status = forms.ChoiceField(
        label="Nouveau statut",
        choices=[
            (ReferralStatus.ACCEPTED, "Acceptée par le patient"),
            (ReferralStatus.COMPLETED, "Terminée"),
            (ReferralStatus.STOPPED, "Arrêtée"),
        ],
    )
    reason = forms.CharField(
        label="Motif (obligatoire pour un arrêt)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExceptionForm(FrenchMessagesMixin, forms.Form):
    extra_sessions = forms.IntegerField(
        label="Séances supplémentaires", min_value=0, max_value=50, initial=1
    )
    extra_amount = forms.DecimalField(
        label="Montant supplémentaire (€)",
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        initial=Decimal("0"),
    )
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}))


class MonthField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError as exc:
            raise ValidationError(f"{self.label} : choisissez un mois (aaaa-mm).") from exc


class StatementIssueForm(FrenchMessagesMixin, forms.Form):
    provider = forms.ModelChoiceField(label="Intervenant", queryset=Provider.objects.none())
    month = MonthField(label="Mois", widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(network=network).select_related(
            "professional", "organisation"
        )
        self.fields["provider"].label_from_instance = lambda p: p.name


class PaidForm(FrenchMessagesMixin, forms.Form):
    paid_on = forms.DateField(label="Payé le")
