from django.contrib.auth import views as auth_views
from django.urls import path

from maillage.access.decorators import public_view
from maillage.accounts import views
from maillage.core.ratelimit import limited

_login = limited(
    views.login_view, ("ip", "30/10m"), ("post:username", "10/h"), group="accounts.login"
)
_otp_verify = limited(views.otp_verify, ("ip", "30/10m"), ("user", "10/10m"), group="accounts.2fa")
_otp_enrol = limited(views.otp_enrol, ("ip", "30/10m"), ("user", "10/10m"), group="accounts.2fa")
_reauth = limited(views.reauth, ("user", "10/10m"), group="accounts.reauth")
_password_reset = limited(
    public_view(views.PasswordResetView.as_view()),
    ("ip", "10/h"),
    ("post:email", "3/h"),
    group="accounts.password_reset",
)
_password_reset_confirm = limited(
    public_view(views.PasswordResetConfirmView.as_view()),
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
        public_view(
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        _password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/",
        public_view(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        public_view(views.InvitationView.as_view()),
        name="invitation",
    ),
    # The network administrator's team pages.
    path("equipe/", views.member_list, name="member_list"),
    path("equipe/ajouter/", views.member_add, name="member_add"),
    path("equipe/<uuid:public_id>/role/", views.member_role, name="member_role"),
    path("equipe/<uuid:public_id>/desactiver/", views.member_deactivate, name="member_deactivate"),
    path(
        "equipe/<uuid:public_id>/double-authentification/",
        views.member_otp_reset,
        name="member_otp_reset",
    ),
    path("equipe/<uuid:public_id>/invitation/", views.member_invite, name="member_invite"),
    path("equipe/<uuid:public_id>/reactiver/", views.member_reactivate, name="member_reactivate"),
    # The director's quarterly role review.
    path("revue-des-roles/", views.role_review, name="role_review"),
]
