"""What intake registers with the shared services: panel, retention kinds, files, merge."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from maillage.core.dashboards import PANEL_PROVIDERS
from maillage.files.services import store_upload
from maillage.files.tests import samples
from maillage.intake.models import Channel, Status, SupportRequest
from maillage.intake.panels import queues_panel
from maillage.intake.tests.factories import SupportRequestFactory
from maillage.retention.registry import get_kind

pytestmark = pytest.mark.django_db


def test_the_panel_counts_the_queues_in_one_query(
    network, reception, network_admin, django_assert_num_queries
):
    assert queues_panel in PANEL_PROVIDERS
    SupportRequestFactory.create_batch(2, network=network)
    request = RequestFactory().get("/")
    request.user = reception
    request.network = network
    request.membership = reception.memberships.get()
    with django_assert_num_queries(1):
        panel = queues_panel(request)
    assert panel["queues"][0][:3] == ("a_qualifier", "À qualifier", 2)
    request.membership = network_admin.memberships.get()
    assert queues_panel(request) is None


def test_the_director_sees_the_requests_waiting_and_the_late_ones(
    client_for, network, director, django_assert_num_queries
):
    network.request_target_delay_hours = 24
    network.save()
    old = timezone.now() - datetime.timedelta(hours=30)
    SupportRequestFactory(network=network, received_at=old)
    SupportRequestFactory(network=network)
    SupportRequestFactory(network=network, status=Status.QUALIFYING)
    SupportRequestFactory(network=network, status=Status.ANSWERED)
    request = RequestFactory().get("/")
    request.user = director
    request.network = network
    request.membership = director.memberships.get()
    with django_assert_num_queries(1):
        panel = queues_panel(request)
    assert panel["title"] == "Demandes d'appui en attente"
    assert [(code, count) for code, _label, count, _oldest in panel["queues"]] == [
        ("a_qualifier", 2),
        ("en_attente", 1),
    ]
    assert panel["queues"][0][3] == old and panel["late"] == 1
    html = client_for(director).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="queue-a_qualifier">2<' in html
    assert "1 demande sans premier contact après 24 heures" in html


def test_the_director_panel_shows_the_average_delays(network, director, reception):
    from maillage.intake import services

    now = timezone.now()
    for hours_to_contact, hours_to_decision in ((2, 26), (4, 70)):
        req = SupportRequestFactory(
            network=network, received_at=now - datetime.timedelta(hours=hours_to_decision)
        )
        req = services.request_take(actor=reception, req=req)
        SupportRequest.objects.filter(pk=req.pk).update(
            first_contact_at=req.received_at + datetime.timedelta(hours=hours_to_contact)
        )
        services.request_answer(actor=reception, req=req, answer="CLIC")
    request = RequestFactory().get("/")
    request.user = director
    request.network = network
    request.membership = director.memberships.get()
    panel = queues_panel(request)
    assert panel["contact_delay"] == "3 h" and panel["decision_delay"] == "2,0 j"


def test_the_retention_kinds_select_the_right_requests(network):
    old = timezone.now() - datetime.timedelta(days=400)
    answered = SupportRequestFactory(network=network, status=Status.ANSWERED, decided_at=old)
    refused_web = SupportRequestFactory(
        network=network, status=Status.REFUSED, channel=Channel.WEB, decided_at=old
    )
    SupportRequestFactory(network=network, status=Status.REFUSED, decided_at=old)

    class Rule:
        active_days = 365

    level1 = get_kind("intake.level1_request")
    refused = get_kind("intake.refused_web_request")
    assert list(level1.queryset_due(timezone.now(), Rule, network)) == [answered]
    assert list(refused.queryset_due(timezone.now(), Rule, network)) == [refused_web]


def test_an_attachment_is_served_to_the_networks_staff_only(
    client_for, network, reception, coordinator_other_network
):
    req = SupportRequestFactory(network=network)
    stored = store_upload(
        actor=None,
        network=network,
        uploaded_file=samples.upload("cr.pdf", samples.pdf()),
        use="intake.attachment",
        owner=req,
    )
    url = reverse("files:download", kwargs={"public_id": stored.public_id})
    assert client_for(reception).get(url).status_code == 200
    assert client_for(coordinator_other_network).get(url).status_code == 404
