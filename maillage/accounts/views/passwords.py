"""Password reset by email (1 hour) and the invitation of a new member (72 hours).

Both links name the user by public id; after either, the second factor is still required at
login, and every other session of the account ends."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from maillage.accounts import services
from maillage.accounts.forms import FrenchSetPasswordForm, TaskPasswordResetForm
from maillage.accounts.tokens import (
    invitation_token_generator,
    password_reset_token_generator,
    user_from_uid,
)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = TaskPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class _SetPasswordFromLinkView(auth_views.PasswordResetConfirmView):
    form_class = FrenchSetPasswordForm
    post_reset_login = False  # the second factor is still required: log in again

    def get_user(self, uidb64):
        return user_from_uid(uidb64)


class PasswordResetConfirmView(_SetPasswordFromLinkView):
    template_name = "accounts/password_reset_confirm.html"
    token_generator = password_reset_token_generator
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_done(user=form.user, request=self.request)
        return response


class InvitationView(_SetPasswordFromLinkView):
    """A new member chooses their password, then logs in and enrols their authenticator."""

    template_name = "accounts/invitation.html"
    token_generator = invitation_token_generator
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_done(
            user=form.user, request=self.request, action="accounts.invitation.accepted"
        )
        messages.success(
            self.request,
            "Mot de passe enregistré. Connectez-vous, puis activez la double authentification.",
        )
        return response
