"""Forms of the PPS (validation only; the services hold the rules)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from maillage.careplans.models import (
    ActionKind,
    ActionStatus,
    AgreementMeans,
    MeetingKind,
    PatientAgreement,
    PlanGoal,
    PlanProblem,
    ProblemDomain,
)
from maillage.careplans.plan_templates import template_choices
from maillage.directory.models import Professional
from maillage.patients.models import CareTeamMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class MeetingForm(forms.Form):
    rev = forms.IntegerField(widget=forms.HiddenInput)
    meeting_kind = forms.ChoiceField(
        label="Type de réunion PPS", choices=[("", "—"), *MeetingKind.choices], required=False
    )
    meeting_date = forms.DateField(label="Date de la réunion PPS", required=False, widget=DATE)
    participants = forms.CharField(
        label="Participants", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SituationForm(forms.Form):
    rev = forms.IntegerField(widget=forms.HiddenInput)
    ald = forms.CharField(
        label="Affections de longue durée (ALD)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    advance_directives = forms.BooleanField(label="Directives anticipées rédigées", required=False)
    advance_directives_where = forms.CharField(
        label="Où les trouver", required=False, max_length=250
    )
    preferences = forms.CharField(
        label="Préférences et priorités de la personne",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    benefits = forms.CharField(label="Prestations (APA, PCH…)", required=False)
    gir = forms.IntegerField(label="GIR", required=False, min_value=1, max_value=6)
    protection = forms.CharField(label="Mesure de protection", required=False, max_length=250)
    housing = forms.CharField(label="Logement", required=False)
    review_due = forms.DateField(label="Date de réévaluation", required=False, widget=DATE)


class ProblemForm(forms.Form):
    domain = forms.ChoiceField(label="Domaine", choices=ProblemDomain.choices)
    code = forms.CharField(label="Code", required=False, max_length=40)
    label = forms.CharField(
        label="Problème",
        max_length=250,
        error_messages={"required": "Décrivez le problème."},
    )


class GoalForm(forms.Form):
    problem = forms.ModelChoiceField(
        label="Pour le problème",
        queryset=PlanProblem.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        error_messages={"required": "Choisissez le problème de cet objectif."},
    )
    text = forms.CharField(
        label="Objectif partagé",
        max_length=300,
        error_messages={"required": "Écrivez l'objectif partagé."},
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["problem"].queryset = version.problems.all()


class ActionForm(forms.Form):
    goal = forms.ModelChoiceField(
        label="Pour l'objectif",
        queryset=PlanGoal.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        error_messages={"required": "Choisissez l'objectif de cette action."},
    )
    what = forms.CharField(
        label="Action", max_length=300, error_messages={"required": "Décrivez l'action."}
    )
    kind = forms.ChoiceField(label="Type d'action", choices=ActionKind.choices)
    member = forms.ModelChoiceField(
        label="Qui agit (équipe de soins)",
        queryset=CareTeamMember.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="—",
    )
    rpps = forms.CharField(
        label="ou professionnel de l'annuaire (n° RPPS ou ADELI)", required=False, max_length=11
    )
    frequency = forms.CharField(label="Fréquence", required=False, max_length=120)
    start_on = forms.DateField(label="Début", required=False, widget=DATE)
    end_on = forms.DateField(label="Fin", required=False, widget=DATE)
    success_criteria = forms.CharField(label="Critères de réussite", required=False, max_length=300)

    def __init__(self, *args, patient=None, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["goal"].queryset = PlanGoal.objects.filter(problem__version=version)
        if patient is not None:
            self.fields["member"].queryset = CareTeamMember.objects.filter(
                patient=patient, ended_on__isnull=True
            ).select_related("professional", "organisation", "external_user")

    def clean(self):
        data = super().clean()
        rpps = (data.get("rpps") or "").strip()
        data["professional"] = None
        if rpps:
            professional = Professional.objects.filter(identifier=rpps, is_active=True).first()
            if professional is None:
                self.add_error("rpps", "Aucun professionnel actif de l'annuaire n'a ce numéro.")
            data["professional"] = professional
        if not data.get("member") and not rpps:
            self.add_error(
                "member",
                "Choisissez qui réalise l'action : un membre de l'équipe de soins ou un "
                "professionnel de l'annuaire.",
            )
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", "La date de fin doit être le même jour ou après le début.")
        return data


class AlertForm(forms.Form):
    situation = forms.CharField(
        label="Situation", max_length=250, error_messages={"required": "Décrivez la situation."}
    )
    who_to_call = forms.CharField(
        label="Qui appeler", max_length=250, error_messages={"required": "Indiquez qui appeler."}
    )
    phone = forms.CharField(label="Téléphone", required=False, max_length=40)


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label="Modèle de plan", choices=template_choices())
    responsible = forms.ModelChoiceField(
        label="Intervenant proposé pour les actions (à adapter ensuite)",
        queryset=CareTeamMember.objects.none(),
        to_field_name="public_id",
        error_messages={"required": "Choisissez un membre de l'équipe de soins."},
    )

    def __init__(self, *args, patient=None, **kwargs):
        super().__init__(*args, **kwargs)
        if patient is not None:
            self.fields["responsible"].queryset = CareTeamMember.objects.filter(
                patient=patient, ended_on__isnull=True
            ).select_related("professional", "organisation", "external_user")


class GpRecordForm(forms.Form):
    agreed_on = forms.DateField(
        label="Date de l'accord",
        widget=DATE,
        error_messages={"required": "Indiquez la date de l'accord du médecin."},
    )
    means = forms.ChoiceField(
        label="Moyen",
        choices=[c for c in AgreementMeans.choices if c[0] != AgreementMeans.ACCOUNT],
    )


class PatientAgreementForm(forms.Form):
    agreement = forms.ChoiceField(label="Réponse du patient", choices=PatientAgreement.choices)
    agreed_on = forms.DateField(
        label="Date",
        widget=DATE,
        error_messages={"required": "Indiquez la date de la réponse du patient."},
    )
    refused = forms.CharField(
        label="Ce que le patient refuse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="État", choices=ActionStatus.choices)
    reason = forms.CharField(label="Motif d'abandon", required=False, max_length=300)
    row_version = forms.IntegerField(widget=forms.HiddenInput)
