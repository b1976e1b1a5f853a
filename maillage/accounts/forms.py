"""Login, second factor, network choice, re-authentication."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from maillage.accounts.models import Role


class LoginForm(forms.Form):
    username = forms.EmailField(
        label="Adresse électronique",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie "
        "(majuscules comprises).",
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("username"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, username=email.lower(), password=password)
            if self.user is None or not self.user.is_active:
                raise forms.ValidationError(
                    self.error_messages["invalid_login"], code="invalid_login"
                )
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code à 6 chiffres (ou code de secours)",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip().replace(" ", "")


class ReauthForm(forms.Form):
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mot de passe incorrect.")
        return password


class TaskPasswordResetForm(PasswordResetForm):
    """Sends the reset email from a background task; answers the same whether or not the
    address exists (no account enumeration). The link names the user by public id."""

    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Indiquez l'adresse électronique de votre compte.",
            "invalid": "Adresse électronique invalide : vérifiez-la (exemple : nom@domaine.fr).",
        },
    )

    def get_users(self, email):
        # Active accounts, including invited ones that never set a password: the reset link is
        # then their way in (the invitation may have expired).
        from maillage.accounts.models import User

        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def save(self, *, request, **kwargs) -> None:
        from maillage.accounts.services import password_reset_send

        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_send(user=user, request=request)


class FrenchSetPasswordForm(SetPasswordForm):
    """Choosing a password (reset or invitation): Django's validators, French messages."""

    error_messages = {
        "password_mismatch": "Les deux mots de passe ne sont pas identiques : "
        "saisissez deux fois le même mot de passe.",
    }


class FrenchPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **FrenchSetPasswordForm.error_messages,
        "password_incorrect": "Mot de passe actuel incorrect : saisissez celui que vous "
        "utilisez pour vous connecter.",
    }


def _required(what: str) -> dict:
    return {"required": f"Indiquez {what}."}


class MemberAddForm(forms.Form):
    """A network_admin adds a staff member (an invitation is emailed to new accounts)."""

    email = forms.EmailField(
        label="Adresse électronique professionnelle",
        max_length=254,
        error_messages={
            **_required("l'adresse électronique"),
            "invalid": "Adresse électronique invalide : vérifiez-la (exemple : nom@domaine.fr).",
        },
    )
    first_name = forms.CharField(
        label="Prénom", max_length=150, error_messages=_required("le prénom")
    )
    last_name = forms.CharField(label="Nom", max_length=150, error_messages=_required("le nom"))
    role = forms.ChoiceField(
        label="Rôle",
        choices=Role.choices,
        error_messages={
            **_required("le rôle"),
            "invalid_choice": "Rôle inconnu : choisissez un rôle de la liste.",
        },
    )
    profession = forms.CharField(
        label="Profession", max_length=120, required=False, help_text="Exemple : infirmière."
    )
    fte = forms.DecimalField(
        label="Temps de travail (ETP)",
        min_value=0,
        max_value=1,
        max_digits=3,
        decimal_places=2,
        initial=1,
        localize=True,  # "0,8" as French users type it
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="Entre 0 et 1 (0,5 pour un mi-temps).",
        error_messages={
            **_required("le temps de travail (ETP)"),
            "invalid": "Temps de travail (ETP) : saisissez un nombre, par exemple 0,8.",
            "min_value": "Temps de travail (ETP) : la valeur ne peut pas être négative.",
            "max_value": "Temps de travail (ETP) : la valeur ne peut pas dépasser 1.",
            "max_decimal_places": "Temps de travail (ETP) : deux décimales au plus.",
            "max_digits": "Temps de travail (ETP) : entre 0 et 1, deux décimales au plus.",
        },
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Nouveau rôle",
        choices=Role.choices,
        error_messages={
            **_required("le nouveau rôle"),
            "invalid_choice": "Rôle inconnu : choisissez un rôle de la liste.",
        },
    )


class RoleReviewForm(forms.Form):
    comment = forms.CharField(
        label="Commentaire (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : rôle de X à revoir au départ de Y.",
    )
