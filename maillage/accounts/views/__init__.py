"""Account views, split by subject; `urls.py` imports them from here."""

from maillage.accounts.views.account import network_switch, security
from maillage.accounts.views.auth import login_view, logout_view, otp_enrol, otp_verify, reauth
from maillage.accounts.views.members import (
    member_add,
    member_deactivate,
    member_invite,
    member_list,
    member_otp_reset,
    member_reactivate,
    member_role,
)
from maillage.accounts.views.passwords import (
    InvitationView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from maillage.accounts.views.reviews import role_review

__all__ = [
    "InvitationView",
    "PasswordResetConfirmView",
    "PasswordResetView",
    "login_view",
    "logout_view",
    "member_add",
    "member_deactivate",
    "member_invite",
    "member_list",
    "member_otp_reset",
    "member_reactivate",
    "member_role",
    "network_switch",
    "otp_enrol",
    "otp_verify",
    "reauth",
    "role_review",
    "security",
]
