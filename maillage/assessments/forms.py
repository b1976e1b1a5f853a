"""Forms: the assessment header, a problem, a catalogue entry, and an instrument's form built
from its declaration (items and their allowed answers; AGGIR: the four adverbs per variable or
sub-variable, or the letter directly)."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.assessments.instruments import AnswerError, Instrument
from maillage.assessments.instruments.aggir import (
    ADVERB_LABELS,
    ADVERBS,
    DISCRIMINANT,
    ILLUSTRATIVE,
    LETTERS,
    AggirInstrument,
    letter_from_adverbs,
)
from maillage.assessments.models import Domain, Place, ProblemCatalogue, Severity


class AssessmentCreateForm(forms.Form):
    assessed_on = forms.DateField(
        label="Date de l'évaluation",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Date de l'évaluation : indiquez le jour de l'évaluation.",
            "invalid": "Date de l'évaluation : saisissez une date valide (JJ/MM/AAAA).",
        },
    )
    place = forms.ChoiceField(
        label="Lieu",
        choices=Place.choices,
        error_messages={"required": "Lieu : choisissez où a lieu l'évaluation."},
    )
    participants = forms.CharField(
        label="Participants",
        required=False,
        max_length=2000,
        help_text="Qui a pris part à l'évaluation (la personne, un aidant, l'infirmier·e…).",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProblemForm(forms.Form):
    domain = forms.ChoiceField(
        label="Domaine",
        choices=Domain.choices,
        error_messages={"required": "Domaine : choisissez le domaine du problème."},
    )
    catalogue = forms.ModelChoiceField(
        label="Problème du catalogue",
        queryset=ProblemCatalogue.objects.none(),
        required=False,
        empty_label="— texte libre —",
        error_messages={"invalid_choice": "Problème : choisissez une entrée de la liste."},
    )
    free_text = forms.CharField(label="Précision ou texte libre", required=False, max_length=300)
    severity = forms.ChoiceField(
        label="Sévérité",
        choices=Severity.choices,
        initial=Severity.MODERATE,
        error_messages={"required": "Sévérité : choisissez faible, modérée ou sévère."},
    )

    def __init__(self, *args, catalogue=None, **kwargs):
        super().__init__(*args, **kwargs)
        if catalogue is not None:
            self.fields["catalogue"].queryset = catalogue

    def clean(self):
        data = super().clean()
        if not data.get("catalogue") and not (data.get("free_text") or "").strip():
            raise forms.ValidationError(
                "Problème : choisissez-le dans la liste ou décrivez-le en texte libre."
            )
        return data


class CatalogueEntryForm(forms.Form):
    code = forms.SlugField(
        label="Code",
        max_length=48,
        error_messages={
            "required": "Code : donnez un code court (lettres, chiffres, tirets).",
            "invalid": "Code : utilisez seulement des lettres sans accent, chiffres et tirets.",
        },
    )
    label = forms.CharField(
        label="Libellé",
        max_length=160,
        error_messages={"required": "Libellé : écrivez le nom du problème."},
    )
    domain = forms.ChoiceField(
        label="Domaine",
        choices=Domain.choices,
        error_messages={"required": "Domaine : choisissez un domaine."},
    )


# --- instrument forms ---------------------------------------------------------------------


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class InstrumentForm(forms.Form):
    """A points instrument: one choice per item, in the official order. Empty items are
    allowed (the result stays a draft, never scored)."""

    def __init__(self, *args, instrument: Instrument, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        stored = (initial_answers or {}).get("items") or []
        for index, item in enumerate(instrument.items):
            field = forms.ChoiceField(
                label=f"{item.ref}. {item.label}",
                required=False,
                choices=[("", "—")]
                + [(_encode(c.value), f"{c.label} ({c.display_value})") for c in item.choices],
                help_text=item.help,
            )
            self.fields[f"item_{index}"] = field
            if index < len(stored) and stored[index] is not None:
                self.initial[f"item_{index}"] = _encode(stored[index])

    def answers(self) -> dict:
        values = []
        for index, item in enumerate(self.instrument.items):
            raw = self.cleaned_data.get(f"item_{index}") or ""
            value = next((c.value for c in item.choices if _encode(c.value) == raw), None)
            values.append(value)
        return {"items": values}

    def clean(self):
        data = super().clean()
        try:
            self.instrument.canonical(self.answers(), partial=True)
        except AnswerError as exc:
            for message in exc.messages:
                self.add_error(None, message)
        self.cleaned_answers = self.answers()
        return data


_ADVERB_CHOICES = [("", "—"), ("oui", "Oui"), ("non", "Non")]
_LETTER_CHOICES = [("", "—"), *[(letter, letter) for letter in LETTERS]]


def aggir_cells(variables) -> list[tuple[str, str, str, str | None]]:
    """(field prefix, label, variable key, sub-variable key or None) per cell of the grid."""
    cells = []
    for variable in variables:
        if variable.subvariables:
            for sub, label in variable.subvariables:
                cells.append(
                    (f"{variable.key}__{sub}", f"{variable.label} — {label}", variable.key, sub)
                )
        else:
            cells.append((variable.key, variable.label, variable.key, None))
    return cells


class AggirForm(forms.Form):
    """AGGIR: per variable or sub-variable, the four adverbs (oui/non) or the letter directly."""

    def __init__(self, *args, instrument: AggirInstrument, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.cells = {
            "variables": aggir_cells(DISCRIMINANT),
            "illustratives": aggir_cells(ILLUSTRATIVE),
        }
        stored = initial_answers or {}
        self.rows: dict[str, list] = {"variables": [], "illustratives": []}
        for group, cells in self.cells.items():
            for prefix, label, key, sub in cells:
                names = []
                for adverb in ADVERBS:
                    name = f"{prefix}__{adverb}"
                    self.fields[name] = forms.ChoiceField(
                        label=f"{label} : {ADVERB_LABELS[adverb]}",
                        choices=_ADVERB_CHOICES,
                        required=False,
                    )
                    names.append(name)
                self.fields[f"{prefix}__lettre"] = forms.ChoiceField(
                    label=f"{label} : modalité", choices=_LETTER_CHOICES, required=False
                )
                self.rows[group].append(
                    {"label": label, "adverbs": names, "letter": f"{prefix}__lettre"}
                )
                value = (stored.get(group) or {}).get(key)
                if sub is not None and isinstance(value, dict):
                    value = value.get(sub)
                # A variable coded directly as a letter prefills each of its sub-variables with
                # it (the same letter everywhere combines back to that letter, guide 2008).
                if isinstance(value, str):
                    self.initial[f"{prefix}__lettre"] = value
                elif isinstance(value, dict):
                    for adverb in ADVERBS:
                        if adverb in value:
                            self.initial[f"{prefix}__{adverb}"] = "oui" if value[adverb] else "non"

    def bound_rows(self, group: str):
        return [
            {
                "label": row["label"],
                "adverbs": [self[name] for name in row["adverbs"]],
                "letter": self[row["letter"]],
            }
            for row in self.rows[group]
        ]

    def _cell_value(self, prefix: str, label: str):
        adverbs = {a: self.cleaned_data.get(f"{prefix}__{a}") or "" for a in ADVERBS}
        letter = self.cleaned_data.get(f"{prefix}__lettre") or ""
        given = {a: v == "oui" for a, v in adverbs.items() if v}
        if given and len(given) < len(ADVERBS):
            self.add_error(
                None,
                f"AGGIR, {label.lower()} : répondez aux quatre adverbes ou choisissez "
                "directement la modalité A, B ou C.",
            )
            return None
        if given:
            if letter and letter != letter_from_adverbs(given):
                self.add_error(
                    None,
                    f"AGGIR, {label.lower()} : la modalité {letter} contredit les adverbes "
                    f"(qui donnent {letter_from_adverbs(given)}) ; gardez l'un ou l'autre.",
                )
                return None
            return given
        return letter or None

    def answers(self) -> dict:
        result: dict[str, dict] = {"variables": {}, "illustratives": {}}
        for group, cells in self.cells.items():
            for prefix, label, key, sub in cells:
                value = self._cell_value(prefix, label)
                if value is None:
                    continue
                if sub is None:
                    result[group][key] = value
                else:
                    result[group].setdefault(key, {})[sub] = value
        return result

    def clean(self):
        data = super().clean()
        answers = self.answers()
        if not self.errors:
            try:
                self.instrument.canonical(answers, partial=True)
            except AnswerError as exc:
                for message in exc.messages:
                    self.add_error(None, message)
        self.cleaned_answers = answers
        return data


def instrument_form(instrument: Instrument, *args, **kwargs) -> forms.Form:
    if isinstance(instrument, AggirInstrument):
        return AggirForm(*args, instrument=instrument, **kwargs)
    return InstrumentForm(*args, instrument=instrument, **kwargs)


class CorrectionReasonForm(forms.Form):
    """Why a signed result is corrected (required; kept with the correction)."""

    reason = forms.CharField(
        label="Motif de la correction",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire. Le résultat d'origine reste visible et inchangé dans l'historique.",
        error_messages={
            "required": "Motif de la correction : indiquez pourquoi ce résultat est corrigé.",
            "max_length": "Motif de la correction : 2 000 caractères au plus.",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(
                "Motif de la correction : indiquez pourquoi ce résultat est corrigé."
            )
        return reason
