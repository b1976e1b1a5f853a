"""Form field for uploads: the usage's size cap is checked as soon as the form is validated (the
service checks everything again when it stores the file)."""

from django import forms

from maillage.files.registry import get_usage


class UploadField(forms.FileField):
    """`UploadField(use="intake.attachment", label="Pièce jointe")`; pass the cleaned value to
    `maillage.files.services.store_upload(..., use=...)` in the service."""

    def __init__(self, *, use: str, **kwargs):
        self.use = use
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Choisissez un fichier à déposer.",
                "empty": "Le fichier est vide : choisissez un autre fichier.",
                "invalid": "Le fichier n'a pas été reçu. Choisissez-le à nouveau.",
                "missing": "Le fichier n'a pas été reçu. Choisissez-le à nouveau.",
            },
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        try:
            usage = get_usage(self.use)
        except LookupError:
            return attrs
        attrs["accept"] = ",".join(sorted(usage.types))
        return attrs

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value:
            usage = get_usage(self.use)
            if value.size > usage.max_bytes:
                raise forms.ValidationError(
                    f"Fichier trop volumineux ({usage.max_label} au maximum).", code="too_large"
                )
        return value

    @property
    def help_text_for_usage(self) -> str:
        usage = get_usage(self.use)
        return f"Formats acceptés : {usage.types_label} ; {usage.max_label} au maximum."
