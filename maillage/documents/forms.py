"""Forms of the library and of the public-site settings (validation only, French messages)."""

from __future__ import annotations

from django import forms

from maillage.documents.formtext import french_messages
from maillage.documents.models import (
    Audience,
    Document,
    DocumentCategory,
    PublicContact,
    PublicSiteSettings,
    VersionKind,
)
from maillage.files.forms import UploadField
from maillage.networks.models import Thematic


def _french_required(form: forms.Form) -> None:
    french_messages(form)


class VersionContentForm(forms.Form):
    """The content of a version: a file, or a page written in Markdown."""

    kind = forms.ChoiceField(
        label="Nature du contenu",
        choices=VersionKind.choices,
        widget=forms.RadioSelect,
        initial=VersionKind.PAGE,
    )
    markdown = forms.CharField(
        label="Texte de la page (Markdown)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Titres avec #, listes avec -, liens [texte](https://…). "
        "Le HTML et les scripts sont neutralisés.",
    )
    file = UploadField(use="documents.file", label="Fichier", required=False)
    change_note = forms.CharField(
        label="Ce qui change (facultatif)", max_length=300, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_required(self)
        self.fields["file"].help_text = self.fields["file"].help_text_for_usage
        self.fields["kind"].error_messages["invalid_choice"] = (
            "Nature du contenu : choisissez « fichier » ou « page rédigée »."
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == VersionKind.PAGE and not (cleaned.get("markdown") or "").strip():
            self.add_error("markdown", "Texte de la page : rédigez le contenu de la page.")
        if kind == VersionKind.FILE and not cleaned.get("file"):
            self.add_error("file", "Fichier : choisissez le fichier à déposer.")
        return cleaned


class DocumentForm(forms.ModelForm):
    thematics = forms.ModelMultipleChoiceField(
        label="Thématiques",
        queryset=Thematic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Document
        fields = ["title", "summary", "category", "audience"]

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        if network is not None:
            self.fields["thematics"].queryset = network.thematics.all() or Thematic.objects.all()
        if self.instance.pk:
            self.fields["thematics"].initial = list(self.instance.thematics.all())
        self.fields["category"].choices = [("", "Choisissez"), *DocumentCategory.choices]
        self.fields["audience"].choices = [("", "Choisissez"), *Audience.choices]
        self.fields[
            "audience"
        ].help_text = "« Interne » : jamais affiché sur le site public, même publié."
        _french_required(self)


class DocumentCreateForm(DocumentForm, VersionContentForm):
    """Metadata and first version in one page."""

    def clean(self):
        cleaned = DocumentForm.clean(self)
        return VersionContentForm.clean(self) or cleaned


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = PublicSiteSettings
        fields = [
            "is_published",
            "tagline",
            "meta_description",
            "missions",
            "how_to_get_help",
            "publish_directory",
        ]
        widgets = {
            "missions": forms.Textarea(attrs={"rows": 8}),
            "how_to_get_help": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "missions": "En français simple, pour les patients, les familles et les "
            "professionnels (Markdown).",
            "meta_description": "160 caractères au plus, affichés par les moteurs de recherche.",
            "publish_directory": "Affiche une recherche des professionnels partenaires et des "
            "ressources actives du réseau (données de l'annuaire uniquement).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french_messages(self)


class PublicContactForm(forms.ModelForm):
    class Meta:
        model = PublicContact
        fields = ["name", "role", "phone", "email", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_required(self)
        self.fields["email"].error_messages["invalid"] = (
            "Courriel : saisissez une adresse complète, par exemple accueil@reseau.fr."
        )
