"""The Django admin is the technical administration only: no patient model is registered there
(`ADMIN_REGISTRABLE_MODELS`, checked by a test), it needs the second factor like every page, and
its own login form is replaced by Maillage's (password then TOTP)."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from maillage.access.decorators import TECHNICAL_ADMIN, AccessPolicy

# Models that may ever be registered in the admin. Nothing holding patient data belongs here:
# patient records are read and changed only through the audited views of their apps.
ADMIN_REGISTRABLE_MODELS = frozenset(
    {
        "accounts.user",
        "networks.network",
        "networks.thematic",
        "retention.retentionrule",  # durations and dates only, no patient data
        "auth.group",
        "axes.accessattempt",
        "axes.accessfailurelog",
        "axes.accesslog",
        "django_tasks_database.dbtaskresult",
    }
)

# URL namespaces whose views are declared by the namespace rather than one by one.
NAMESPACE_POLICIES = {"admin": AccessPolicy(TECHNICAL_ADMIN)}


def _admin_login(request, extra_context=None):
    return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"))


def _has_permission(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and user.is_verified()


def harden_admin_site() -> None:
    admin.site.login = _admin_login
    admin.site.has_permission = _has_permission
    admin.site.site_header = "Maillage — administration technique"
    admin.site.site_title = "Administration technique"
    admin.site.index_title = "Administration technique (aucune donnée de patient)"
