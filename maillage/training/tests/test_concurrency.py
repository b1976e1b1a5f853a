"""Capacity holds under simultaneous registrations: the event row is locked while counting.

PostgreSQL only: SQLite has no row locks (Django ignores select_for_update there) and serialises
writers with IMMEDIATE transactions instead, which these thread tests cannot exercise.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from maillage.training import services
from maillage.training.models import Event, Profession, Registration, RegistrationStatus
from maillage.training.tests.factories import RegistrationFactory, published_event

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks (SELECT … FOR UPDATE) exist only on PostgreSQL; SQLite serialises "
        "writers with IMMEDIATE transactions instead.",
    ),
]


def _register(event, email, results, barrier=None):
    try:
        if barrier is not None:
            barrier.wait(timeout=10)
        registration = services.registration_create(
            event=event,
            first_name="Jeanne",
            last_name="Martin",
            profession=Profession.NURSE,
            email=email,
            accept_waiting_list=True,
        )
        results[email] = registration.status
    except Exception as exc:  # reported by the test
        results[email] = exc
    finally:
        connections.close_all()


def test_a_registration_waits_for_the_lock_and_then_sees_the_event_full(network):
    event = published_event(network, capacity=1)
    results: dict = {}
    locked = threading.Event()
    release = threading.Event()

    def holder():
        try:
            with transaction.atomic():
                Event.objects.select_for_update().get(pk=event.pk)
                locked.set()
                release.wait(timeout=10)
                RegistrationFactory(event=event, email="premiere@exemple.fr")
        finally:
            connections.close_all()

    first = threading.Thread(target=holder)
    first.start()
    assert locked.wait(timeout=10)
    second = threading.Thread(target=_register, args=(event, "deuxieme@exemple.fr", results))
    second.start()
    time.sleep(0.5)
    # The second registration is blocked on the event row, not counting stale places.
    assert second.is_alive() and not results
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert results == {"deuxieme@exemple.fr": RegistrationStatus.WAITING}
    assert event.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 1


def test_simultaneous_registrations_never_exceed_the_capacity(network):
    event = published_event(network, capacity=3)
    emails = [f"personne{n}@exemple.fr" for n in range(8)]
    barrier = threading.Barrier(len(emails))
    results: dict = {}
    threads = [
        threading.Thread(target=_register, args=(event, email, results, barrier))
        for email in emails
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not [r for r in results.values() if isinstance(r, Exception)], results
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 3
    assert statuses.count(RegistrationStatus.WAITING) == 5


def test_simultaneous_duplicates_leave_a_single_registration(network):
    event = published_event(network, capacity=10)
    barrier = threading.Barrier(4)
    results: dict = {}

    def same_email(n):
        local: dict = {}
        _register(event, "jeanne@exemple.fr", local, barrier)
        results[n] = local["jeanne@exemple.fr"]

    threads = [threading.Thread(target=same_email, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(1 for r in results.values() if r == RegistrationStatus.REGISTERED) == 1
    assert all(
        isinstance(r, services.AlreadyRegistered)
        for r in results.values()
        if r != RegistrationStatus.REGISTERED
    )
    assert event.registrations.count() == 1
