"""Validation of the single entry point's forms (French messages naming the field)."""

from __future__ import annotations

import re
import time

from django import forms
from django.core import signing
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from maillage.core.models import Commune
from maillage.core.text import normalise
from maillage.files.forms import UploadField
from maillage.intake.models import (
    COMPLEXITY_CRITERIA,
    REASONS,
    Channel,
    RequesterQuality,
    SupportRequest,
    Urgency,
)
from maillage.networks.models import Network, Thematic

MIN_FILL_SECONDS = 4
DESCRIPTION_MAX = 5000
_STAMP_SALT = "intake.public_form"

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

PERSON_FIELDS = [
    "person_birth_name",
    "person_first_names",
    "person_birth_date",
    "person_sex",
    "person_phone",
]


_POSTAL_IN_TEXT = re.compile(r"\b(\d{5})\b")
COMMUNE_FIELD = "« Commune de la personne »"


def find_commune(postal_code: str, name: str) -> Commune | None:
    rows = Commune.objects.filter(is_current=True, postal_codes__code=postal_code.strip())
    wanted = normalise(name)
    for commune in rows:
        if commune.search_name == wanted or (wanted and wanted in commune.other_names.split("|")):
            return commune
    return None


def resolve_typed_commune(postal_code: str, name: str) -> tuple[Commune | None, str]:
    """The commune typed by hand (no suggestion chosen, or no JavaScript): postal code and
    name, a postal code serving one commune, or a name borne by one commune. Returns
    (commune, "") or (None, French reason naming the field)."""
    postal_code = postal_code.strip()
    found = _POSTAL_IN_TEXT.search(name)
    if found:  # "44000 Nantes", "Nantes (44000)": the picker's own labels typed by hand
        postal_code = postal_code or found.group(1)
        name = (name[: found.start()] + name[found.end() :]).strip(" ()-,")
    if postal_code and not re.fullmatch(r"\d{5}", postal_code):
        return None, "« Code postal de la personne » : un code postal compte 5 chiffres."
    if postal_code and name:
        commune = find_commune(postal_code, name)
        if commune is None:
            return None, (
                f"{COMMUNE_FIELD} : cette commune n'existe pas pour ce code postal. Vérifiez le "
                "code postal et l'orthographe, ou choisissez-la dans la liste proposée."
            )
        return commune, ""
    current = Commune.objects.filter(is_current=True)
    if postal_code:
        rows = list(current.filter(postal_codes__code=postal_code)[:2])
        if len(rows) == 1:
            return rows[0], ""
        if rows:
            return None, (
                f"{COMMUNE_FIELD} : le code postal {postal_code} dessert plusieurs communes ; "
                "indiquez le nom de la commune."
            )
        return None, (
            f"« Code postal de la personne » : aucune commune n'a le code postal {postal_code}."
        )
    wanted = normalise(name)
    rows = (
        list(current.filter(search_name=wanted)[:2])
        or [
            c
            for c in current.filter(other_names__contains=wanted)[:20]
            if wanted in c.other_names.split("|")
        ][:2]
    )
    if len(rows) == 1:
        return rows[0], ""
    if rows:
        return None, (
            f"{COMMUNE_FIELD} : plusieurs communes portent ce nom ; indiquez le code postal "
            "ou choisissez-la dans la liste proposée."
        )
    return None, (
        f"{COMMUNE_FIELD} : cette commune n'existe pas. Vérifiez l'orthographe ou choisissez-la "
        "dans la liste proposée."
    )


class ComboboxInput(forms.TextInput):
    """A text box that suggests as you type (WAI-ARIA 1.2 combobox with a listbox popup).

    htmx fetches the options from `source` into the listbox; `static/intake/combobox.js`
    handles the keyboard (arrows, Enter, Escape), taps and clicks, writes the chosen option's
    value into the hidden field `link` (cleared as soon as the text is edited again: free text
    stays allowed) and copies its `data-fill` values into other fields. Without JavaScript it
    is a plain text box."""

    template_name = "intake/widgets/combobox.html"

    def __init__(self, *, source, link, list_label, free_text="", linked_text="", attrs=None):
        super().__init__(attrs)
        self.source = source
        self.link = link
        self.list_label = list_label
        self.free_text = free_text
        self.linked_text = linked_text

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        input_id = widget_attrs.get("id") or f"id_{name}"
        listbox = f"{input_id}_listbox"
        widget_attrs.update(
            {
                "id": input_id,
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "aria-controls": listbox,
                "autocomplete": "off",
                "data-combobox": "",
                "data-link": f"id_{self.link}",
                "data-free-text": self.free_text,
                "data-linked-text": self.linked_text,
                "hx-get": str(self.source),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{listbox}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        context["widget"]["listbox_id"] = listbox
        context["widget"]["list_label"] = self.list_label
        return context


class _RequestFields(forms.ModelForm):
    """What staff and the public form share: requester, person, reasons, thematics."""

    commune_name = forms.CharField(
        label="Commune de la personne",
        required=False,
        max_length=120,
        help_text="Nom ou code postal, puis choisissez la commune dans la liste proposée.",
    )
    commune_postal_code = forms.CharField(
        label="Code postal de la personne", required=False, max_length=5
    )
    commune_insee = forms.CharField(required=False, max_length=5, widget=forms.HiddenInput)
    reasons = forms.MultipleChoiceField(
        label="Motifs de la demande",
        choices=REASONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "« Motifs de la demande » : cochez au moins un motif."},
    )
    description = forms.CharField(
        label="Description de la situation",
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": f"« Description de la situation » : {DESCRIPTION_MAX} caractères au "
            "maximum ; résumez, l'équipe vous rappellera pour les détails."
        },
    )
    thematics = forms.ModelMultipleChoiceField(
        label="Thématiques",
        queryset=Thematic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SupportRequest
        fields = [
            "requester_name",
            "requester_quality",
            "requester_organisation",
            "requester_phone",
            "requester_email",
            *PERSON_FIELDS,
            "description",
            "urgency",
            "gp_name",
            "person_informed",
            "gp_informed",
        ]
        widgets = {"person_birth_date": DATE, "description": forms.Textarea(attrs={"rows": 5})}

    commune_source = reverse_lazy("intake:commune_options")

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune_name"].widget = ComboboxInput(
            source=self.commune_source_for(network),
            link="commune_insee",
            list_label="Communes proposées",
            free_text="Commune saisie à la main : elle sera vérifiée à l'envoi.",
            linked_text="Commune choisie dans la liste",
        )
        self.fields["requester_quality"].choices = RequesterQuality.choices
        self.fields["urgency"].choices = Urgency.choices
        self.fields["requester_phone"].help_text = "Un téléphone ou un courriel est nécessaire."
        if network is not None and network.thematics.exists():
            self.fields["thematics"].queryset = network.thematics.all()

    def clean_person_birth_date(self):
        value = self.cleaned_data.get("person_birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                "« Date de naissance » : la date ne peut pas être dans le futur."
            )
        return value

    def clean_requester_phone(self):
        value = (self.cleaned_data.get("requester_phone") or "").strip()
        digits = "".join(c for c in value if c.isdigit())
        if value and not 9 <= len(digits) <= 15:
            raise forms.ValidationError(
                "« Téléphone du demandeur » : saisissez un numéro à 10 chiffres."
            )
        return value

    def commune_source_for(self, network):
        return self.commune_source

    def _clean_commune(self, data) -> Commune | None:
        insee = (data.get("commune_insee") or "").strip().upper()
        postal_code = (data.get("commune_postal_code") or "").strip()
        name = (data.get("commune_name") or "").strip()
        if insee:  # chosen in the list
            commune = Commune.objects.filter(is_current=True, insee_code=insee).first()
            if commune is None:
                self.add_error(
                    "commune_name",
                    f"{COMMUNE_FIELD} : la commune choisie n'existe pas ; choisissez-la à "
                    "nouveau dans la liste.",
                )
            return commune
        if not (postal_code or name):
            return None
        commune, reason = resolve_typed_commune(postal_code, name)
        if commune is None:
            field = "commune_postal_code" if reason.startswith("« Code postal") else "commune_name"
            self.add_error(field, reason)
        return commune

    def has_directory_link(self, data) -> bool:
        return False

    def clean(self):
        data = super().clean()
        data["person_commune"] = self._clean_commune(data)
        if (
            not data.get("requester_phone")
            and not data.get("requester_email")
            and not self.has_directory_link(data)
            and "requester_phone" not in self.errors
        ):
            self.add_error(
                "requester_phone",
                "« Téléphone du demandeur » : indiquez un téléphone ou un courriel pour que "
                "nous puissions vous rappeler.",
            )
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["reasons"] = list(self.cleaned_data["reasons"])
        data["person_commune"] = self.cleaned_data.get("person_commune")
        return data


class StaffRequestForm(_RequestFields):
    """Reception or a coordinator records a request received by phone, letter, on site…
    The requester and the GP are picked in the directory, or typed as free text."""

    requester_professional = forms.UUIDField(required=False, widget=forms.HiddenInput)
    gp_professional = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta(_RequestFields.Meta):
        fields = ["channel", *_RequestFields.Meta.fields, "rupture_tag"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.WEB]
        self.fields["requester_name"].required = True
        self.fields["requester_name"].error_messages["required"] = (
            "« Nom du demandeur » : indiquez qui appelle."
        )
        self.fields["requester_name"].help_text = (
            "Tapez un nom : les professionnels de l'annuaire sont proposés. Un proche, la "
            "personne elle-même : saisissez simplement le nom."
        )
        self.fields["gp_name"].help_text = (
            "Tapez un nom : les professionnels de l'annuaire sont proposés ; sinon le nom saisi "
            "est gardé tel quel."
        )
        # A letter, a hospital's e-mail: its documents are kept with the request.
        self.fields["attachments"] = AttachmentsField(
            use="intake.attachment", label="Pièces jointes", required=False
        )
        self.fields["attachments"].help_text = (
            f"Facultatif : jusqu'à {MAX_ATTACHMENTS} fichiers (courrier, compte rendu…). "
            + self.fields["attachments"].help_text_for_usage
        )
        source = reverse_lazy("intake:directory_options")
        self.fields["requester_name"].widget = ComboboxInput(
            source=source,
            link="requester_professional",
            list_label="Professionnels de l'annuaire proposés",
            free_text="Nom saisi librement (pas de lien avec l'annuaire).",
            linked_text="Lié à l'annuaire",
        )
        self.fields["gp_name"].widget = ComboboxInput(
            source=source,
            link="gp_professional",
            list_label="Médecins de l'annuaire proposés",
            free_text="Nom saisi librement (pas de lien avec l'annuaire).",
            linked_text="Lié à l'annuaire",
        )

    def _professional(self, name: str, label: str):
        from maillage.directory.models import Professional

        public_id = self.cleaned_data.get(name)
        if not public_id:
            return None
        pro = Professional.objects.filter(public_id=public_id, is_active=True).first()
        if pro is None:
            raise forms.ValidationError(
                f"« {label} » : ce professionnel n'est plus dans l'annuaire ; choisissez-le à "
                "nouveau dans la liste ou saisissez le nom."
            )
        return pro

    def clean_requester_professional(self):
        return self._professional("requester_professional", "Nom du demandeur")

    def clean_gp_professional(self):
        return self._professional("gp_professional", "Médecin traitant")

    def has_directory_link(self, data) -> bool:
        return data.get("requester_professional") is not None

    def clean(self):
        data = super().clean()
        # An error on a hidden link is shown on the text box the person typed in.
        for hidden, visible in (
            ("requester_professional", "requester_name"),
            ("gp_professional", "gp_name"),
        ):
            if hidden in self.errors:
                for error in self.errors.pop(hidden):
                    self.add_error(visible, error)
        return data

    def service_data(self) -> dict:
        data = super().service_data()
        data["requester_professional"] = self.cleaned_data.get("requester_professional")
        data["gp_professional"] = self.cleaned_data.get("gp_professional")
        data["rupture_tag"] = self.cleaned_data.get("rupture_tag", "")
        return data


MAX_ATTACHMENTS = 5
MAX_ATTACHMENTS_TOTAL_MB = 25


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(UploadField):
    """Several files in one input (at most MAX_ATTACHMENTS, MAX_ATTACHMENTS_TOTAL_MB in all);
    each is checked like an UploadField, and every refusal names the file."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        label = f"« {self.label} »"
        if not files:
            if self.required:
                raise forms.ValidationError(f"{label} : choisissez au moins un fichier.")
            return []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                f"{label} : {len(files)} fichiers choisis, {MAX_ATTACHMENTS} au maximum. "
                "Rien n'a été enregistré : choisissez moins de fichiers."
            )
        if sum(f.size or 0 for f in files) > MAX_ATTACHMENTS_TOTAL_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"{label} : {MAX_ATTACHMENTS_TOTAL_MB} Mo au maximum pour l'ensemble des "
                "fichiers. Rien n'a été enregistré."
            )
        errors = []
        for f in files:
            try:
                super().clean(f, initial)
            except forms.ValidationError as exc:
                errors.extend(f"{label} : « {f.name} » refusé — {m}" for m in exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


class PublicRequestForm(_RequestFields):
    """The public web form: no account, no NIR, a honeypot and a minimum fill time."""

    website = forms.CharField(
        label="Site web (laissez vide)",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)
    attachments = AttachmentsField(use="intake.attachment", label="Pièces jointes", required=False)
    rgpd = forms.BooleanField(
        label="J'ai lu les informations sur le traitement de mes données.",
        error_messages={
            "required": "« Information sur vos données » : cochez la case après avoir lu la notice."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester_name"].required = True
        self.fields["requester_name"].label = "Votre nom"
        self.fields["requester_name"].error_messages["required"] = (
            "« Votre nom » : indiquez votre nom."
        )
        self.fields["requester_quality"].label = "Vous êtes"
        self.fields["attachments"].help_text = (
            f"Facultatif : jusqu'à {MAX_ATTACHMENTS} fichiers (compte rendu, courrier…). "
            + self.fields["attachments"].help_text_for_usage
        )
        if not self.is_bound:
            self.initial["stamp"] = signing.dumps(time.time(), salt=_STAMP_SALT)

    def commune_source_for(self, network):
        return reverse("intake:public_commune_options", args=[network.slug])

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Ce champ doit rester vide.")
        return ""

    def clean_stamp(self):
        try:
            started = float(
                signing.loads(self.cleaned_data["stamp"], salt=_STAMP_SALT, max_age=86400)
            )
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                "Le formulaire a expiré : rechargez la page et saisissez à nouveau."
            ) from None
        if time.time() - started < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                "Envoi trop rapide : relisez votre demande puis envoyez-la à nouveau."
            )
        return self.cleaned_data["stamp"]


class ScreeningForm(forms.Form):
    criteria = forms.MultipleChoiceField(
        label="Repérage de la complexité",
        choices=COMPLEXITY_CRITERIA,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Réponse donnée",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "« Réponse donnée » : écrivez l'information ou l'orientation."},
    )
    resources = forms.ModelMultipleChoiceField(
        label="Ressources proposées",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resources"].queryset = resources


class DecisionForm(forms.Form):
    """Refuse (reason), appui ponctuel (what was done), accept (note)."""

    why = forms.CharField(
        label="Motif ou note",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "« Motif ou note » : expliquez la décision."},
    )


class ForwardForm(forms.Form):
    to_network = forms.ModelChoiceField(
        label="Réseau destinataire",
        queryset=Network.objects.none(),
        error_messages={"required": "« Réseau destinataire » : choisissez un réseau."},
    )
    note = forms.CharField(
        label="Note de transmission",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "« Note de transmission » : écrivez une note."},
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_network"].queryset = Network.objects.filter(is_active=True).exclude(
            pk=network.pk
        )


class AttachForm(forms.Form):
    patient = forms.UUIDField(widget=forms.HiddenInput)


class EnrolForm(forms.Form):
    """Accepted → enrolled: the agreements, the lead coordinator, the identity if no record."""

    lead_coordinator = forms.ModelChoiceField(
        label="Coordinateur·rice référent·e",
        queryset=None,
        error_messages={"required": "« Coordinateur·rice référent·e » : choisissez une personne."},
    )
    started_on = forms.DateField(label="Date d'inclusion", widget=DATE)
    person_agreement_on = forms.DateField(
        label="Accord de la personne recueilli le",
        widget=DATE,
        error_messages={"required": "« Accord de la personne » : indiquez la date de l'accord."},
    )
    gp_agreement_on = forms.DateField(
        label="Accord du médecin traitant recueilli le",
        widget=DATE,
        error_messages={
            "required": "« Accord du médecin traitant » : indiquez la date de l'accord."
        },
    )
    birth_name = forms.CharField(label="Nom de naissance", required=False)
    first_names = forms.CharField(label="Prénoms", required=False)
    birth_date = forms.DateField(label="Date de naissance", required=False, widget=DATE)
    sex = forms.ChoiceField(
        label="Sexe", required=False, choices=[("", "—"), ("F", "Féminin"), ("M", "Masculin")]
    )

    def __init__(self, *args, leads, needs_identity: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_identity = needs_identity
        self.fields["lead_coordinator"].queryset = leads
        if not needs_identity:
            for name in ("birth_name", "first_names", "birth_date", "sex"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if self.needs_identity:
            labels = {
                "birth_name": "Nom de naissance",
                "first_names": "Prénoms",
                "birth_date": "Date de naissance",
                "sex": "Sexe",
            }
            for name, label in labels.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"« {label} » : obligatoire pour créer le dossier.")
        return data
