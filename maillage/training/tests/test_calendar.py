from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from maillage.training.calendar import event_ics
from maillage.training.tests.factories import EventSlotFactory, published_event

pytestmark = pytest.mark.django_db


def test_the_invitation_has_one_event_per_slot_escaped_and_folded(network):
    event = published_event(
        network,
        title="Soins palliatifs, douleur; et fin de vie : une très longue soirée d'échanges "
        "entre la ville et l'hôpital",
    )
    start = timezone.now() + timedelta(days=11)
    EventSlotFactory(event=event, starts_at=start, ends_at=start + timedelta(hours=3))
    ics = event_ics(event, url="https://maillage.example/reseaux/x/")
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert ics.count("BEGIN:VEVENT") == 2
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:Soins palliatifs\\, douleur\\; et fin de vie" in unfolded
    assert "DTSTART:" in unfolded and unfolded.count("UID:") == 2
    slot = event.slots.first()
    assert f"DTSTART:{slot.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in unfolded
