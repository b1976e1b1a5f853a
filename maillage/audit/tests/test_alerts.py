"""Watching the traces: a user opening more distinct patient records in an hour than the
network allows raises an in-app alert for the director."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.audit import record
from maillage.audit.models import AuditEvent, SecurityAlert
from maillage.audit.tests.tampering import behind_the_apps_back
from maillage.audit.watch import detect_record_view_bursts
from maillage.tasks.schedule import SCHEDULE

LIST = reverse("audit:alert_list")


@pytest.fixture
def threshold(network):
    network.record_views_alert_per_hour = 5
    network.save(update_fields=["record_views_alert_per_hour"])
    return 5


def _views(user, network, patients: int, *, repeat: int = 1):
    for _ in range(repeat):
        for i in range(patients):
            record(
                "patients.patient.viewed",
                actor=user,
                network=network,
                patient_uuid=uuid.UUID(int=i + 1),
            )


def test_more_distinct_records_than_the_threshold_raises_an_alert(coordinator, network, threshold):
    _views(coordinator, network, threshold + 1)
    [alert] = detect_record_view_bursts()
    assert (alert.subject, alert.network, alert.count, alert.threshold) == (
        coordinator,
        network,
        6,
        5,
    )
    assert AuditEvent.objects.filter(action="audit.alert.raised").count() == 1


def test_reopening_the_same_records_is_not_a_burst(coordinator, network, threshold):
    _views(coordinator, network, threshold, repeat=4)
    assert detect_record_view_bursts() == []


def test_one_alert_per_user_and_hour(coordinator, network, threshold):
    _views(coordinator, network, threshold + 3)
    assert len(detect_record_view_bursts()) == 1
    assert detect_record_view_bursts() == []
    later = timezone.now() + timedelta(hours=2)
    assert detect_record_view_bursts(now=later) == []  # the views are over an hour old


def test_views_older_than_an_hour_do_not_count(coordinator, network, threshold):
    _views(coordinator, network, threshold + 1)
    two_hours_ago = timezone.now() - timedelta(hours=2)
    with behind_the_apps_back():  # time travel for the test only
        AuditEvent.objects.update(at=two_hours_ago)
    assert detect_record_view_bursts() == []


def test_each_network_has_its_own_threshold(coordinator_other_network, other_network, threshold):
    _views(coordinator_other_network, other_network, threshold + 1)
    assert detect_record_view_bursts() == []  # the other network allows 40 an hour


def test_the_job_runs_every_five_minutes():
    assert SCHEDULE["audit.detect_record_view_bursts"] == (5, detect_record_view_bursts)


def test_the_director_sees_and_handles_the_alert(
    client_for, director, coordinator, network, threshold, django_assert_max_num_queries
):
    _views(coordinator, network, threshold + 1)
    [alert] = detect_record_view_bursts()
    client = client_for(director)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "1 à traiter" in dashboard
    with django_assert_max_num_queries(9):
        page = client.get(LIST).content.decode()
    assert coordinator.email in page and "6 / 5" in page
    url = reverse("audit:alert_handled", args=[alert.public_id])
    response = client.post(url, {"note": "Remplacement d'une collègue, vérifié."})
    assert response["Location"] == LIST
    alert.refresh_from_db()
    assert alert.handled_by == director and alert.note.startswith("Remplacement")
    assert AuditEvent.objects.filter(action="audit.alert.handled").exists()
    assert "Aucune alerte en cours" in client.get(reverse("core:dashboard")).content.decode()


def test_another_networks_alert_is_404(client_for, coordinator_other_network, other_network):
    from maillage.accounts.models import Role
    from maillage.accounts.tests.factories import MembershipFactory

    now = timezone.now()
    alert = SecurityAlert.objects.create(
        network=other_network,
        subject=coordinator_other_network,
        kind=SecurityAlert.Kind.RECORD_VIEWS,
        window_start=now - timedelta(hours=1),
        window_end=now,
        count=50,
        threshold=40,
    )
    director_a = MembershipFactory(role=Role.DIRECTOR).user
    client = client_for(director_a)
    assert client.post(reverse("audit:alert_handled", args=[alert.public_id])).status_code == 404
    assert coordinator_other_network.email not in client.get(LIST).content.decode()
    alert.refresh_from_db()
    assert alert.is_open


@pytest.mark.parametrize(
    "persona", ["coordinator", "network_admin", "external_outside", "superuser_without_membership"]
)
def test_other_roles_get_404(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(LIST).status_code == 404
