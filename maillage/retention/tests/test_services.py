"""Retention rules as dated data, and apply_retention travelling in time (now= is an argument)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.files.services import store_upload
from maillage.files.tests import samples
from maillage.files.tests.samples import upload
from maillage.retention.services import apply_retention, rule_in_force
from maillage.retention.tests.factories import RetentionRuleFactory, SampleRecordFactory
from maillage.retention.tests.testapp.models import SampleRecord

KIND = "retention_testapp.samplerecord"


def _report(reports, code=KIND):
    return next(r for r in reports if r.code == code)


def test_the_rule_in_force_at_a_date_wins(network, other_network):
    old = RetentionRuleFactory(valid_from=date(2020, 1, 1), active_days=10)
    new = RetentionRuleFactory(valid_from=date(2024, 1, 1), active_days=20)
    RetentionRuleFactory(valid_from=date(2030, 1, 1), active_days=30)  # not yet in force
    own = RetentionRuleFactory(network=network, valid_from=date(2023, 6, 1), active_days=40)
    assert rule_in_force(KIND, other_network, date(2021, 1, 1)) == old
    assert rule_in_force(KIND, other_network, date(2025, 1, 1)) == new
    assert rule_in_force(KIND, network, date(2025, 1, 1)) == own
    assert rule_in_force(KIND, network, date(2022, 1, 1)) == old
    assert rule_in_force(KIND, None, date(2019, 1, 1)) is None
    assert rule_in_force("other.kind", network, date(2025, 1, 1)) is None


def test_a_record_is_archived_then_purged(network):
    closed = timezone.now() - timedelta(days=1000)
    record = SampleRecordFactory(network=network, closed_at=closed)
    RetentionRuleFactory(active_days=30, archive_days=60, valid_from=date(2000, 1, 1))

    reports = apply_retention(now=closed + timedelta(days=29))
    assert _report(reports).archived == 0
    assert SampleRecord.objects.filter(pk=record.pk).exists()

    reports = apply_retention(now=closed + timedelta(days=31))
    assert (_report(reports).archived, _report(reports).purged) == (1, 0)
    assert not SampleRecord.objects.filter(pk=record.pk).exists()  # out of every list
    archived = SampleRecord.all_objects.get(pk=record.pk)
    assert archived.archived_at == closed + timedelta(days=31)

    reports = apply_retention(now=closed + timedelta(days=31 + 59))
    assert (_report(reports).archived, _report(reports).purged) == (0, 0)
    assert SampleRecord.all_objects.filter(pk=record.pk).exists()

    reports = apply_retention(now=closed + timedelta(days=31 + 61))
    assert (_report(reports).archived, _report(reports).purged) == (0, 1)
    assert not SampleRecord.all_objects.filter(pk=record.pk).exists()
    applied = AuditEvent.objects.filter(action="retention.rules.applied").last()
    assert applied.details["counts"][KIND] == {"archived": 0, "purged": 1}


def test_a_dry_run_counts_and_changes_nothing(network):
    closed = timezone.now() - timedelta(days=1000)
    SampleRecordFactory(network=network, closed_at=closed)
    RetentionRuleFactory(active_days=30, archive_days=0, valid_from=date(2000, 1, 1))
    reports = apply_retention(now=closed + timedelta(days=31), dry_run=True)
    assert (_report(reports).archived, _report(reports).purged) == (1, 1)
    assert SampleRecord.objects.count() == 1
    assert not AuditEvent.objects.filter(action="retention.rules.applied").exists()


def test_without_a_rule_nothing_moves(network):
    SampleRecordFactory(network=network, closed_at=timezone.now() - timedelta(days=5000))
    assert _report(apply_retention()).archived == 0
    assert SampleRecord.objects.count() == 1


def test_open_records_are_never_due(network):
    SampleRecordFactory(network=network, closed_at=None)
    RetentionRuleFactory(active_days=0, archive_days=0, valid_from=date(2000, 1, 1))
    assert _report(apply_retention()).archived == 0


def test_a_network_rule_applies_to_that_network_only(network, other_network):
    closed = timezone.now() - timedelta(days=100)
    mine = SampleRecordFactory(network=network, closed_at=closed)
    theirs = SampleRecordFactory(network=other_network, closed_at=closed)
    RetentionRuleFactory(network=network, active_days=30, valid_from=date(2000, 1, 1))
    RetentionRuleFactory(active_days=365, valid_from=date(2000, 1, 1))  # platform default
    apply_retention()
    assert SampleRecord.all_objects.get(pk=mine.pk).archived_at is not None
    assert SampleRecord.all_objects.get(pk=theirs.pk).archived_at is None


def test_a_file_follows_its_owner(coordinator, network, django_capture_on_commit_callbacks):
    old = timezone.now() - timedelta(days=400)
    record = SampleRecordFactory(network=network, closed_at=old)
    attached = store_upload(
        actor=coordinator,
        network=network,
        uploaded_file=upload("cr.pdf", samples.pdf()),
        use="tests.attachment",
        owner=record,
    )
    loose = store_upload(
        actor=coordinator,
        network=network,
        uploaded_file=upload("brouillon.pdf", samples.pdf()),
        use="tests.attachment",
    )
    RetentionRuleFactory(
        record_kind="files.storedfile", active_days=30, archive_days=30, valid_from=date(2000, 1, 1)
    )
    later = timezone.now() + timedelta(days=31)
    reports = apply_retention(now=later)
    # The owner is still active: its file stays; the file nobody attached leaves.
    assert _report(reports, "files.storedfile").archived == 1
    assert type(attached).objects.filter(pk=attached.pk).exists()
    assert not type(loose).objects.filter(pk=loose.pk).exists()
    # The owner leaves the active base: its file follows.
    RetentionRuleFactory(active_days=30, archive_days=30, valid_from=date(2000, 1, 1))
    reports = apply_retention(now=later)
    assert _report(reports, "files.storedfile").archived == 1
    path = loose.path
    with django_capture_on_commit_callbacks(execute=True):
        reports = apply_retention(now=later + timedelta(days=31))
    assert _report(reports, "files.storedfile").purged == 2
    assert not type(attached).all_objects.exists()
    assert not path.exists()


def test_the_command_reports_counts_in_french(network):
    SampleRecordFactory(network=network, closed_at=timezone.now() - timedelta(days=100))
    RetentionRuleFactory(active_days=30, archive_days=60, valid_from=date(2000, 1, 1))
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Simulation : rien n'est modifié." in out.getvalue()
    assert "Dossiers d'essai clôturés : 1 à archiver, 0 à supprimer." in out.getvalue()
    assert SampleRecord.objects.count() == 1
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Dossiers d'essai clôturés : 1 archivé(s), 0 supprimé(s)." in out.getvalue()
    assert SampleRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_rule_for_an_unknown_kind_is_refused_in_french():
    from django.core.exceptions import ValidationError

    rule = RetentionRuleFactory.build(record_kind="nowhere.thing")
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "Type d'enregistrement inconnu" in str(caught.value)


def test_the_admin_offers_the_registered_kinds():
    from maillage.retention.admin import RetentionRuleForm

    choices = dict(RetentionRuleForm().fields["record_kind"].choices)
    assert {"audit.event", "files.storedfile", KIND} <= set(choices)
