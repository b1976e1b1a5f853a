"""A network leaves the platform: export_network writes everything, purge_network removes it."""

import json
import zipfile
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from maillage.accounts.models import Membership, Role
from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit import record
from maillage.audit.models import AuditEvent
from maillage.files.models import StoredFile
from maillage.files.services import store_upload
from maillage.files.tests import samples
from maillage.files.tests.samples import upload
from maillage.networks.models import Network
from maillage.networks.tests.factories import ThematicFactory
from maillage.retention.models import RetentionRule
from maillage.retention.network import network_paths, uuid_reference_models
from maillage.retention.tests.factories import (
    RetentionRuleFactory,
    SampleNoteFactory,
    SampleRecordFactory,
)
from maillage.retention.tests.testapp.models import SampleNote, SampleRecord


def _populate(network, user):
    thematic = ThematicFactory(code=f"theme-{network.slug}")
    network.thematics.add(thematic)
    MembershipFactory(network=network, role=Role.DIRECTOR)
    record_ = SampleRecordFactory(network=network)
    record_.thematics.add(thematic)
    first = SampleNoteFactory(record=record_)
    SampleNoteFactory(record=record_, replaces=first)
    RetentionRuleFactory(network=network)
    record("tests.thing.done", network=network)
    stored = store_upload(
        actor=user,
        network=network,
        uploaded_file=upload("compte-rendu.pdf", samples.pdf()),
        use="tests.attachment",
        owner=record_,
    )
    return stored


def _rows_pointing_at(network_pk, network_uuid) -> list[str]:
    """Every column, in any model, still holding a reference to that network. Walks all models
    without the code under test: a direct foreign key to Network, or a `network_uuid` column.
    Deeper paths are covered by the foreign-key check: a row pointing at a deleted row would
    break it, so no direct reference + intact keys = no reference at any depth."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.remote_field.model is Network:
                if model._base_manager.filter(**{field.attname: network_pk}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
            elif (
                field.name == "network_uuid"
                and model._base_manager.filter(network_uuid=network_uuid).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    connection.check_constraints()
    return found


def test_it_discovers_every_model_with_a_path_to_a_network():
    paths = {model._meta.label: lookups for model, lookups in network_paths().items()}
    assert paths["accounts.Membership"] == ["network"]
    assert paths["files.StoredFile"] == ["network"]
    assert paths["retention.RetentionRule"] == ["network"]
    assert paths["retention_testapp.SampleRecord"] == ["network"]
    assert paths["retention_testapp.SampleNote"] == ["record__network"]
    assert "networks.Network_thematics" in paths  # many-to-many tables too
    assert "retention_testapp.SampleRecord_thematics" in paths
    assert "networks.Thematic" not in paths  # shared
    assert "accounts.User" not in paths
    assert AuditEvent in uuid_reference_models()


def test_export_writes_all_the_data_and_files(tmp_path, coordinator, network, other_network):
    stored = _populate(network, coordinator)
    _populate(other_network, coordinator)
    output = tmp_path / "export.zip"
    out = StringIO()
    call_command("export_network", network.slug, "--output", str(output), stdout=out)
    assert "exporté" in out.getvalue()
    assert oct(output.stat().st_mode & 0o777) == "0o600"
    with zipfile.ZipFile(output) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["network"]["slug"] == network.slug
        assert manifest["models"]["retention_testapp.samplenote"] == 2
        assert manifest["models"]["accounts.membership"] == 2  # coordinator + director
        assert manifest["models"]["networks.network"] == 1
        notes = archive.read("data/retention_testapp.samplenote.jsonl").decode().splitlines()
        assert len(notes) == 2
        assert all(json.loads(line)["model"] == "retention_testapp.samplenote" for line in notes)
        records = [
            json.loads(x)
            for x in archive.read("data/retention_testapp.samplerecord.jsonl").splitlines()
        ]
        assert [r["fields"]["network"] for r in records] == [network.pk]
        name = f"files/{stored.public_id}/compte-rendu.pdf"
        assert archive.read(name) == stored.path.read_bytes()
        assert manifest["files"][0]["sha256"] == stored.sha256
        assert len(manifest["files"]) == 1  # the other network's file is not there
        assert "LISEZMOI.txt" in archive.namelist()
    assert AuditEvent.objects.filter(action="retention.network.exported").count() == 1
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("export_network", network.slug, "--output", str(output))


def test_purge_removes_every_row_of_one_network_and_keeps_the_other(
    coordinator,
    coordinator_other_network,
    network,
    other_network,
    django_capture_on_commit_callbacks,
):
    stored = _populate(network, coordinator)
    kept = _populate(other_network, coordinator_other_network)
    network_pk, network_uuid = network.pk, network.public_id
    before = {
        model: model._base_manager.count()
        for model in (SampleRecord, SampleNote, StoredFile, RetentionRule, Membership)
    }
    assert _rows_pointing_at(network_pk, network_uuid)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_network", network.slug, "--confirm", network.slug, stdout=StringIO())

    assert not Network.objects.filter(pk=network_pk).exists()
    leftovers = _rows_pointing_at(network_pk, network_uuid)
    if connection.vendor == "postgresql":
        assert leftovers == []
    else:  # SQLite never deletes audit events (see maillage/retention/audit_purge.py)
        assert leftovers == ["audit.AuditEvent.network_uuid"]
    assert SampleNote._base_manager.filter(record__network_id=network_pk).count() == 0
    assert not stored.path.exists()
    # The other network is intact.
    assert Network.objects.filter(pk=other_network.pk).exists()
    assert SampleRecord.objects.filter(network=other_network).count() == 1
    assert SampleNote.objects.filter(record__network=other_network).count() == 2
    assert kept.path.exists()
    assert Membership.objects.filter(network=other_network).count() == 2
    assert AuditEvent.objects.filter(network_uuid=other_network.public_id).exists()
    assert SampleRecord._base_manager.count() == before[SampleRecord] - 1
    assert coordinator.__class__.objects.filter(pk=coordinator.pk).exists()  # users stay
    purged = AuditEvent.objects.get(action="retention.network.purged")
    assert purged.details["network_slug"] == "val-de-loire"
    assert purged.network_uuid is None


def test_purge_asks_for_the_slug_again(network):
    with pytest.raises(CommandError, match="Confirmation incorrecte"):
        call_command("purge_network", network.slug, "--confirm", "autre-chose")
    assert Network.objects.filter(pk=network.pk).exists()


@pytest.mark.django_db
def test_an_unknown_network_is_named_in_french(tmp_path):
    with pytest.raises(CommandError, match="Aucun réseau"):
        call_command("export_network", "inconnu", "--output", str(tmp_path / "x.zip"))
