"""Care-team forms: choosing a member in the directory, their role and the data they see."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse_lazy

from maillage.access.matrix import CATEGORY_LABELS, Category
from maillage.accounts.models import User, UserKind
from maillage.core.text import normalise
from maillage.directory.models import Activity, Organisation, Professional
from maillage.patients.forms.base import DateInput, FrenchForm, VersionedForm
from maillage.patients.models import CareTeamEndReason
from maillage.patients.models.careteam import CareTeamRole

PREFIXES = {"pro": Professional, "org": Organisation, "ext": User}


def category_choices():
    return [(c.value, CATEGORY_LABELS[c]) for c in Category]


def _tokens(query: str) -> list[str]:
    return [t for t in normalise(query).split() if len(t) >= 2][:4]


def directory_candidates(query: str, limit: int = 12) -> list[tuple[str, str]]:
    """Professionals, organisations and external logins matching every word typed."""
    tokens = _tokens(query)
    if not tokens:
        return []
    pros = Professional.objects.filter(is_active=True)
    orgs = Organisation.objects.filter(is_active=True)
    users = User.objects.filter(kind=UserKind.EXTERNAL, is_active=True, external_profile=None)
    for token in tokens:
        pros = pros.filter(Q(search_name__contains=token) | Q(profession__icontains=token))
        orgs = orgs.filter(Q(search_name__contains=token) | Q(city__icontains=token))
        users = users.filter(
            Q(last_name__icontains=token)
            | Q(first_name__icontains=token)
            | Q(email__icontains=token)
        )
    pros = pros.prefetch_related(
        Prefetch("activities", queryset=Activity.objects.filter(is_active=True), to_attr="places")
    )
    choices = []
    for pro in pros[:limit]:
        city = next((a.city for a in pro.places if a.city), "")
        label = " — ".join(p for p in [pro.display_name, pro.profession, city.title()] if p)
        choices.append((f"pro:{pro.public_id}", label))
    for org in orgs[:limit]:
        label = " — ".join(p for p in [org.name, org.category, org.city.title()] if p)
        choices.append((f"org:{org.public_id}", label))
    for user in users[:limit]:
        choices.append((f"ext:{user.public_id}", f"{user.full_name} (compte extérieur)"))
    return choices


def resolve_member(value: str):
    """'pro:<uuid>' → the Professional (or Organisation, external User), or ValidationError."""
    prefix, _, raw = (value or "").partition(":")
    model = PREFIXES.get(prefix)
    try:
        public_id = uuid.UUID(raw)
    except ValueError:
        model = None
    obj = None
    if model is Professional:
        obj = Professional.objects.filter(public_id=public_id, is_active=True).first()
    elif model is Organisation:
        obj = Organisation.objects.filter(public_id=public_id, is_active=True).first()
    elif model is User:
        obj = User.objects.filter(
            public_id=public_id, kind=UserKind.EXTERNAL, is_active=True
        ).first()
    if obj is None:
        raise ValidationError(
            "« Membre » : choisissez un professionnel ou une structure dans les résultats de la "
            "recherche."
        )
    return prefix, obj


class MemberChoiceField(forms.ChoiceField):
    """Choices come from the directory search; any well-formed value is resolved in clean."""

    def valid_value(self, value) -> bool:
        return True


class CareTeamMemberForm(FrenchForm):
    role = forms.ChoiceField(label="Rôle", choices=CareTeamRole.choices)
    query = forms.CharField(
        label="Rechercher dans l'annuaire",
        max_length=100,
        required=False,
        help_text="Nom, profession ou commune ; puis choisissez dans la liste.",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "hx-get": reverse_lazy("patients:directory_candidates"),
                "hx-trigger": "input changed delay:400ms, search",
                "hx-target": "#member-choices",
                "hx-swap": "innerHTML",
            }
        ),
    )
    member = MemberChoiceField(label="Membre", required=False, widget=forms.RadioSelect)
    started_on = forms.DateField(label="Date de début", widget=DateInput)
    is_referent = forms.BooleanField(label="Référent pour ce patient", required=False)
    categories = forms.MultipleChoiceField(
        label="Données visibles",
        choices=category_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Laissez vide pour appliquer les droits du rôle (matrice des droits). "
        "Les catégories que le rôle ne permet pas restent refusées.",
    )
    note = forms.CharField(label="Précision", max_length=250, required=False)

    def __init__(self, *args, query: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if query is None:
            query = self.data.get(self.add_prefix("query"), "") if self.is_bound else ""
        choices = directory_candidates(query)
        chosen = self.data.get(self.add_prefix("member"), "") if self.is_bound else ""
        if chosen and chosen not in dict(choices):
            try:
                _prefix, obj = resolve_member(chosen)
            except ValidationError:
                pass
            else:
                choices.insert(0, (chosen, str(obj)))
        self.fields["member"].choices = choices

    def clean_started_on(self):
        return self.past_date("started_on")

    def clean_member(self):
        value = self.cleaned_data.get("member")
        if not value:
            raise ValidationError(
                "« Membre » : recherchez le professionnel ou la structure dans l'annuaire, puis "
                "choisissez-le dans la liste."
            )
        return resolve_member(value)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("categories"):
            cleaned["categories"] = None
        return cleaned

    def member_kwargs(self) -> dict:
        prefix, obj = self.cleaned_data["member"]
        key = {"pro": "professional", "org": "organisation", "ext": "external_user"}[prefix]
        return {key: obj}


class CareTeamMemberEditForm(VersionedForm):
    is_referent = forms.BooleanField(label="Référent pour ce patient", required=False)
    categories = forms.MultipleChoiceField(
        label="Données visibles",
        choices=category_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="Précision", max_length=250, required=False)


class CareTeamEndForm(VersionedForm):
    ended_on = forms.DateField(label="Date de fin", widget=DateInput)
    end_reason = forms.ChoiceField(
        label="Motif de fin",
        choices=[(c.value, c.label) for c in CareTeamEndReason if c != CareTeamEndReason.MERGED],
    )

    def clean_ended_on(self):
        return self.past_date("ended_on")


class InvitationForm(FrenchForm):
    email = forms.EmailField(
        label="Adresse électronique du professionnel",
        help_text="Un lien à usage unique, valable 72 heures, lui sera envoyé. Aucun nom de "
        "patient ne figure dans le message.",
    )
