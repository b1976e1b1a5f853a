from django.contrib.auth import views as auth_views
from django.urls import path

from maillage.accounts import views
from maillage.core.ratelimit import limited

_login = limited(
    views.login_view, ("ip", "30/10m"), ("post:username", "10/h"), group="accounts.login"
)
_otp_verify = limited(views.otp_verify, ("ip", "30/10m"), ("user", "10/10m"), group="accounts.2fa")
_otp_enrol = limited(views.otp_enrol, ("ip", "30/10m"), ("user", "10/10m"), group="accounts.2fa")
_reauth = limited(views.reauth, ("user", "10/10m"), group="accounts.reauth")
_password_reset = limited(
    views.PasswordResetView.as_view(),
    ("ip", "10/h"),
    ("post:email", "3/h"),
    group="accounts.password_reset",
)
_password_reset_confirm = limited(
    views.PasswordResetConfirmView.as_view(),
    ("ip", "30/h"),
    group="accounts.password_reset_confirm",
    methods=("GET", "POST"),
)

app_name = "accounts"
urlpatterns = [
    path("connexion/", _login, name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("2fa/", _otp_verify, name="otp_verify"),
    path("2fa/enrolement/", _otp_enrol, name="otp_enrol"),
    path("securite/", views.security, name="security"),
    path("reseau/", views.network_switch, name="network_switch"),
    path("reauthentification/", _reauth, name="reauth"),
    path("mot-de-passe/oubli/", _password_reset, name="password_reset"),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        _password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
