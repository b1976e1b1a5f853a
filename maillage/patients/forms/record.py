"""Forms for consent, carers, care team and enrolment (validation only)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from maillage.accounts.models import User
from maillage.networks.models import Thematic
from maillage.patients.forms.base import DateInput, FrenchForm, VersionedForm
from maillage.patients.models import (
    CarerRelationship,
    ConsentKind,
    ConsentMethod,
    ConsentScope,
)
from maillage.patients.models.enrolment import MANUAL_CLOSURE_REASONS


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.member_name} ({obj.get_role_display()})"


class ConsentForm(FrenchForm):
    kind = forms.ChoiceField(label="Déclaration", choices=ConsentKind.choices)
    scope = forms.ChoiceField(
        label="Portée de l'opposition",
        choices=ConsentScope.choices,
        initial=ConsentScope.ALL,
        required=False,
        widget=forms.RadioSelect,
    )
    members = MemberChoiceField(
        label="Membres visés par l'opposition",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ChoiceField(label="Recueilli", choices=ConsentMethod.choices)
    given_on = forms.DateField(label="Date de recueil", widget=DateInput)
    given_by_name = forms.CharField(
        label="Exprimé par (si ce n'est pas le patient)", max_length=200, required=False
    )
    wording_read = forms.BooleanField(
        label="Le texte d'information ci-dessus a été lu ou remis au patient", required=True
    )
    note = forms.CharField(
        label="Remarque", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, members_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members_queryset
        self.fields["wording_read"].error_messages["required"] = (
            "« Texte d'information » : cochez la case une fois le texte lu ou remis au patient."
        )

    def clean_given_on(self):
        return self.past_date("given_on")

    def clean(self):
        cleaned = super().clean()
        kind, scope = cleaned.get("kind"), cleaned.get("scope") or ConsentScope.ALL
        if kind != ConsentKind.OBJECTION:
            scope = ConsentScope.ALL
        cleaned["scope"] = scope
        if scope == ConsentScope.MEMBERS and not cleaned.get("members"):
            self.add_error(
                "members",
                "« Membres visés » : cochez au moins un membre de l'équipe de soins, ou "
                "choisissez « Toute l'équipe de soins ».",
            )
        if cleaned.get("method") == ConsentMethod.REPRESENTATIVE and not cleaned.get(
            "given_by_name"
        ):
            self.add_error(
                "given_by_name",
                "« Exprimé par » : indiquez le nom et la qualité du représentant.",
            )
        return cleaned


class WithdrawForm(FrenchForm):
    note = forms.CharField(
        label="Motif du retrait", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


CARER_FIELDS = [
    "last_name",
    "first_name",
    "relationship",
    "is_carer",
    "is_main_carer",
    "lives_with_patient",
    "is_trusted_person",
    "is_emergency_contact",
    "phone",
    "email",
    "address",
    "note",
]


class CarerForm(FrenchForm):
    last_name = forms.CharField(label="Nom", max_length=100)
    first_name = forms.CharField(label="Prénom", max_length=100, required=False)
    relationship = forms.ChoiceField(
        label="Lien avec le patient", choices=CarerRelationship.choices
    )
    is_carer = forms.BooleanField(label="Aidant", required=False, initial=True)
    is_main_carer = forms.BooleanField(label="Aidant principal", required=False)
    lives_with_patient = forms.BooleanField(label="Vit avec le patient", required=False)
    is_trusted_person = forms.BooleanField(
        label="Personne de confiance (art. L.1111-6 CSP)", required=False
    )
    is_emergency_contact = forms.BooleanField(label="Personne à prévenir", required=False)
    phone = forms.CharField(label="Téléphone", max_length=20, required=False)
    email = forms.EmailField(label="Courriel", required=False)
    address = forms.CharField(label="Adresse", max_length=250, required=False)
    note = forms.CharField(
        label="Remarque", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_phone(self):
        return self.phone("phone")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_main_carer"):
            cleaned["is_carer"] = True
        roles = ("is_carer", "is_trusted_person", "is_emergency_contact")
        if not any(cleaned.get(r) for r in roles):
            self.add_error(
                "is_carer",
                "Cochez au moins un rôle : aidant, personne de confiance ou personne à prévenir.",
            )
        if cleaned.get("is_emergency_contact") and not cleaned.get("phone"):
            self.add_error("phone", "« Téléphone » : obligatoire pour une personne à prévenir.")
        return cleaned

    def carer_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CARER_FIELDS}


class CarerEditForm(VersionedForm, CarerForm):
    pass


class EndDateForm(VersionedForm):
    ended_on = forms.DateField(label="Date de fin", widget=DateInput)

    def clean_ended_on(self):
        return self.past_date("ended_on")


class EnrolmentForm(FrenchForm):
    lead_coordinator = forms.ModelChoiceField(
        label="Coordinateur·rice référent·e", queryset=User.objects.none()
    )
    thematics = forms.ModelMultipleChoiceField(
        label="Thématiques",
        queryset=Thematic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = forms.DateField(label="Date d'inclusion", widget=DateInput)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        from maillage.patients.services.enrolment import LEAD_ROLES

        self.fields["lead_coordinator"].queryset = User.objects.filter(
            memberships__network=network,
            memberships__is_active=True,
            memberships__role__in=LEAD_ROLES,
        ).order_by("last_name", "first_name")
        self.fields["thematics"].queryset = network.thematics.all()

    def clean_started_on(self):
        return self.past_date("started_on")


class EnrolmentEditForm(VersionedForm, EnrolmentForm):
    pass


class EnrolmentCloseForm(VersionedForm):
    closed_on = forms.DateField(label="Date de clôture", widget=DateInput)
    closed_reason = forms.ChoiceField(
        label="Motif de clôture", choices=[(c.value, c.label) for c in MANUAL_CLOSURE_REASONS]
    )
    closure_note = forms.CharField(
        label="Précisions", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, started_on=None, **kwargs):
        self.started_on = started_on
        super().__init__(*args, **kwargs)

    def clean_closed_on(self):
        value = self.past_date("closed_on")
        if value and self.started_on and value < self.started_on:
            raise ValidationError(
                "« Date de clôture » : elle ne peut pas précéder la date d'inclusion "
                f"({self.started_on:%d/%m/%Y})."
            )
        return value
