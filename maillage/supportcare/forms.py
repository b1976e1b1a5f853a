"""Forms of the support-care app: validation only, French messages naming the field."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from maillage.core.models import Commune
from maillage.files.forms import UploadField
from maillage.networks.models import Thematic
from maillage.supportcare.models import (
    ActKind,
    FundingLine,
    PrescriberRole,
    SupportKind,
    TreatmentCondition,
)
from maillage.supportcare.services.funding import LimitSpec, PriceSpec
from maillage.supportcare.services.providers import iban_clean

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FrenchMessagesMixin:
    """Required/invalid messages that name the field, so each error says where to look."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label or ""
            field.error_messages["required"] = f"{label} : ce champ est obligatoire."
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{label} : saisissez une date (jj/mm/aaaa)."
                field.widget = DATE
            elif isinstance(field, forms.DecimalField):
                field.error_messages["invalid"] = (
                    f"{label} : saisissez un montant en euros, par exemple 22,50."
                )
                field.error_messages["max_decimal_places"] = (
                    f"{label} : deux chiffres au plus après la virgule (centimes)."
                )
                field.localize = True
                field.widget.is_localized = True
            elif isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = f"{label} : saisissez un nombre entier."


class FundingLineForm(FrenchMessagesMixin, forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = [
            "name",
            "funder",
            "funder_name",
            "reference",
            "starts_on",
            "ends_on",
            "budget",
            "alert_percent",
            "notes",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Fin de la période : elle doit suivre le début.")
        percent = data.get("alert_percent")
        if percent is not None and not 1 <= percent <= 100:
            self.add_error("alert_percent", "Seuil d'alerte : un pourcentage entre 1 et 100.")
        return data


class FundingLineUpdateForm(FundingLineForm):
    class Meta(FundingLineForm.Meta):
        fields = [
            "name",
            "funder",
            "funder_name",
            "reference",
            "budget",
            "alert_percent",
            "notes",
            "is_active",
        ]


class RuleVersionForm(FrenchMessagesMixin, forms.Form):
    valid_from = forms.DateField(label="En vigueur à partir du")
    thematic = forms.ModelChoiceField(
        label="Thématique exigée",
        queryset=Thematic.objects.all(),
        required=False,
        empty_label="Toute thématique",
    )
    treatment_condition = forms.ChoiceField(
        label="Phase de traitement exigée", choices=TreatmentCondition.choices
    )
    after_treatment_months = forms.IntegerField(
        label="Délai après la fin du traitement (mois)",
        required=False,
        min_value=0,
        max_value=120,
    )
    min_age = forms.IntegerField(label="Âge minimal", required=False, min_value=0, max_value=130)
    max_age = forms.IntegerField(label="Âge maximal", required=False, min_value=0, max_value=130)
    requires_coverage = forms.BooleanField(
        label="Commune du patient sur le territoire du réseau", required=False
    )
    requires_prescription = forms.BooleanField(label="Prescription médicale exigée", required=False)
    requires_ald = forms.BooleanField(
        label="Affection de longue durée (ALD) exigée", required=False
    )
    prescriber_roles = forms.MultipleChoiceField(
        label="Prescripteurs admis (aucun coché : tout médecin)",
        choices=PrescriberRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amount_cap = forms.DecimalField(
        label="Plafond par patient et par période (€)",
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
    )
    entitlement_months = forms.IntegerField(
        label="Durée du droit à partir de la première séance (mois)",
        required=False,
        min_value=1,
        max_value=60,
        help_text="Vide : le droit court sur toute la période de la ligne.",
    )
    source = forms.CharField(
        label="Texte de référence", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_age"), data.get("max_age")
        if lo is not None and hi is not None and hi < lo:
            self.add_error("max_age", "Âge maximal : il doit être supérieur à l'âge minimal.")
        condition = data.get("treatment_condition")
        if condition in (TreatmentCondition.AFTER_TREATMENT, TreatmentCondition.IN_OR_AFTER) and (
            data.get("after_treatment_months") is None
        ):
            self.add_error(
                "after_treatment_months",
                "Délai après la fin du traitement : indiquez le nombre de mois (par exemple 12).",
            )
        return data


class PriceForm(FrenchMessagesMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Soin", choices=[("", "—"), *SupportKind.choices], required=False
    )
    act_kind = forms.ChoiceField(
        label="Acte", choices=[("", "—"), *ActKind.choices], required=False
    )
    amount = forms.DecimalField(
        label="Tarif (€)", required=False, min_value=Decimal("0.01"), max_digits=8, decimal_places=2
    )

    def clean(self):
        data = super().clean()
        filled = [bool(data.get(k)) for k in ("kind", "act_kind", "amount")]
        if any(filled) and not all(filled):
            raise ValidationError(
                "Tarif : indiquez le soin, l'acte et le montant, ou videz la ligne."
            )
        return data

    def spec(self) -> PriceSpec | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return PriceSpec(data["kind"], data["act_kind"], data["amount"])


class LimitForm(FrenchMessagesMixin, forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Soins comptés ensemble",
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    act_kind = forms.ChoiceField(
        label="Acte compté", choices=[("", "Toute séance"), *ActKind.choices], required=False
    )
    max_sessions = forms.IntegerField(
        label="Nombre maximal", required=False, min_value=1, max_value=200
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("kinds")) != (data.get("max_sessions") is not None):
            raise ValidationError(
                "Limite : cochez au moins un soin et indiquez le nombre maximal, ou videz la ligne."
            )
        return data

    def spec(self) -> LimitSpec | None:
        data = self.cleaned_data
        if not data.get("kinds"):
            return None
        return LimitSpec(tuple(data["kinds"]), data.get("act_kind") or "", data["max_sessions"])


PriceFormSet = forms.formset_factory(PriceForm, extra=3, max_num=30)
LimitFormSet = forms.formset_factory(LimitForm, extra=2, max_num=20)


class ProviderForm(FrenchMessagesMixin, forms.Form):
    email = forms.EmailField(label="Courriel pour les avis et relevés")
    phone = forms.CharField(label="Téléphone", required=False, max_length=30)
    kinds = forms.MultipleChoiceField(
        label="Soins de support proposés",
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label="Actif", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["invalid"] = (
            "Courriel : saisissez une adresse valide, par exemple nom@exemple.fr."
        )
        self.fields["kinds"].error_messages["required"] = (
            "Soins de support proposés : cochez au moins un soin."
        )


class ConventionForm(FrenchMessagesMixin, forms.Form):
    reference = forms.CharField(label="Référence", required=False, max_length=100)
    signed_on = forms.DateField(label="Signée le")
    starts_on = forms.DateField(label="Valable à partir du")
    ends_on = forms.DateField(label="Valable jusqu'au", required=False)
    document_upload = UploadField(
        use="supportcare.convention", label="Convention signée (fichier)", required=False
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Valable jusqu'au : cette date doit suivre le début.")
        return data


class PlaceForm(FrenchMessagesMixin, forms.Form):
    name = forms.CharField(label="Nom du lieu", max_length=200)
    address = forms.CharField(label="Adresse", required=False, max_length=300)
    commune_code = forms.CharField(
        label="Code INSEE de la commune",
        required=False,
        max_length=5,
        help_text="5 caractères, par exemple 44109 pour Nantes.",
    )

    def clean_commune_code(self):
        code = (self.cleaned_data.get("commune_code") or "").strip().upper()
        if not code:
            return None
        commune = Commune.objects.filter(insee_code=code).first()
        if commune is None:
            raise ValidationError("Code INSEE de la commune : aucune commune ne porte ce code.")
        return commune


class BankChangeForm(FrenchMessagesMixin, forms.Form):
    iban = forms.CharField(
        label="IBAN", max_length=50, help_text="Tel qu'il figure sur le RIB, espaces permis."
    )
    account_holder = forms.CharField(label="Titulaire du compte", max_length=200)

    def clean_iban(self):
        return iban_clean(self.cleaned_data["iban"])


class BankDecisionForm(FrenchMessagesMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("approve", "Approuver"), ("reject", "Refuser")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Motif (obligatoire en cas de refus)", required=False, max_length=300
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", "Motif : expliquez pourquoi le changement est refusé.")
        return data


class AccountLinkForm(FrenchMessagesMixin, forms.Form):
    email = forms.EmailField(label="Adresse électronique du compte de l'intervenant")
