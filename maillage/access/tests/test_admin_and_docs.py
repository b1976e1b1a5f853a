import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from maillage.access import docs
from maillage.access.admin_site import ADMIN_REGISTRABLE_MODELS

# Apps whose models hold patient data (or describe patients): never in the Django admin.
# retention holds only rules (durations); its archive reads go through audited views.
PATIENT_DATA_APPS = {
    "patients",
    "intake",
    "assessments",
    "careplans",
    "coordination",
    "hospital",
    "supportcare",
    "files",
    "exports",
    "audit",
}


def test_only_allowed_models_are_registered_in_the_admin():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered <= ADMIN_REGISTRABLE_MODELS, (
        "Modèles enregistrés dans l'admin sans être autorisés : "
        f"{sorted(registered - ADMIN_REGISTRABLE_MODELS)}"
    )


def test_the_allow_list_names_no_model_holding_patient_data():
    for label in ADMIN_REGISTRABLE_MODELS:
        app_label = label.split(".")[0]
        assert app_label not in PATIENT_DATA_APPS, label
    for app_label in PATIENT_DATA_APPS:
        for model in apps.get_app_config(app_label).get_models():
            assert model not in admin.site._registry, model._meta.label


@pytest.mark.django_db
def test_the_admin_is_for_technical_superusers_only(
    client_for, superuser_without_membership, network_admin
):
    index = reverse("admin:index")
    assert client_for(superuser_without_membership).get(index).status_code == 200
    refused = client_for(network_admin).get(index)
    assert refused.status_code == 302
    # Its own login form is replaced by Maillage's (password, then second factor).
    assert (
        client_for(network_admin)
        .get(refused["Location"])["Location"]
        .startswith(reverse("accounts:login"))
    )


def test_permissions_doc_is_generated_from_the_matrix():
    assert docs.DOC_PATH.read_text(encoding="utf-8") == docs.render(), (
        "docs/permissions.md diffère de maillage/access/matrix.py : lancez "
        "« python manage.py permissions_doc »."
    )


def test_permissions_doc_states_the_access_decision():
    text = docs.render()
    assert "No break-the-glass" in text
    assert "care team" in text
    assert "Superusers" in text
    for action in ("export", "role_change", "otp_reset", "audit_export"):
        assert f"`{action}`" in text


def test_permissions_doc_check_fails_when_the_file_is_stale(tmp_path, monkeypatch):
    stale = tmp_path / "permissions.md"
    stale.write_text("ancienne version", encoding="utf-8")
    monkeypatch.setattr(docs, "DOC_PATH", stale)
    with pytest.raises(CommandError, match="pas à jour"):
        call_command("permissions_doc", "--check")
    call_command("permissions_doc")
    assert stale.read_text(encoding="utf-8") == docs.render()
    call_command("permissions_doc", "--check")
