"""The reason the director gives before reading an archived record."""

from django import forms


class ArchiveReadForm(forms.Form):
    reason = forms.CharField(
        label="Motif de la consultation",
        min_length=15,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Exemple : « Demande de la personne (droit d'accès) du 12 mars ». "
        "Le motif est enregistré dans le journal d'audit.",
        error_messages={
            "required": "Indiquez le motif de la consultation de cette archive.",
            "min_length": "Motif trop court : précisez pourquoi vous consultez cette archive "
            "(15 caractères au moins).",
            "max_length": "Motif trop long : 500 caractères au maximum.",
        },
    )

    def clean_reason(self):
        return " ".join(self.cleaned_data["reason"].split())
