"""The last allowed session recorded twice at the same moment, from two real database
connections: the entitlement lock lets exactly one through."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from maillage.supportcare.models import Entitlement, SessionStatus, SupportSession
from maillage.supportcare.services.sessions import session_record

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no row locks (select_for_update is a no-op there): run this test "
        "with DATABASE_URL pointing at PostgreSQL.",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_recordings_of_the_last_session_cannot_both_succeed(referral, coordinator, provider):
    for day in range(10, 16):  # assessment + 5 follow-ups: 157.50 €, one session left
        session_record(
            actor=coordinator, referral=referral, day=date(2026, 6, day), status=SessionStatus.HELD
        )
    barrier = threading.Barrier(2, timeout=20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def record_last(actor, day):
        try:
            barrier.wait()
            session_record(actor=actor, referral=referral, day=day, status=SessionStatus.HELD)
            outcome = "recorded"
        except ValidationError as exc:
            outcome = "refused: " + " ".join(exc.messages)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=record_last, args=(coordinator, date(2026, 6, 20))),
        threading.Thread(target=record_last, args=(provider, date(2026, 6, 21))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["recorded", "refused"], outcomes
    refusal = next(o for o in outcomes if o.startswith("refused"))
    assert "toutes réalisées" in refusal or "Quota atteint" in refusal
    held = SupportSession.objects.filter(referral=referral, status=SessionStatus.HELD)
    assert held.count() == 7
    entitlement = Entitlement.objects.get(pk=referral.entitlement_id)
    assert entitlement.used_sessions == 7
    assert entitlement.used_amount == Decimal("180.00")
    assert sum(s.price for s in held) == Decimal("180.00")


@pytest.mark.django_db(transaction=True)
def test_a_second_recording_waits_for_the_first_then_sees_the_quota_reached(
    referral, coordinator, provider
):
    """Deterministic: the first recording holds its transaction open after counting; the
    second must block on the locks (funding line, then entitlement), then be refused once the first
    commits. Without the locks both would read six sessions and both would pass."""
    from django.db import transaction

    for day in range(10, 16):
        session_record(
            actor=coordinator, referral=referral, day=date(2026, 6, day), status=SessionStatus.HELD
        )
    recorded, release = threading.Event(), threading.Event()
    results: dict[str, str] = {}

    def first():
        try:
            with transaction.atomic():
                session_record(
                    actor=coordinator,
                    referral=referral,
                    day=date(2026, 6, 20),
                    status=SessionStatus.HELD,
                )
                recorded.set()
                release.wait(timeout=20)
            results["first"] = "recorded"
        except Exception as exc:  # reported by the assertions below
            results["first"] = f"error: {exc}"
        finally:
            connections.close_all()

    def second():
        try:
            session_record(
                actor=provider, referral=referral, day=date(2026, 6, 21), status=SessionStatus.HELD
            )
            results["second"] = "recorded"
        except ValidationError as exc:
            results["second"] = "refused: " + " ".join(exc.messages)
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert recorded.wait(timeout=20)
    two = threading.Thread(target=second)
    two.start()
    two.join(1.0)
    assert two.is_alive(), "the second recording did not wait for the locks"
    assert "second" not in results
    release.set()
    one.join(20)
    two.join(20)
    assert results["first"] == "recorded", results
    assert results["second"].startswith("refused"), results
    assert SupportSession.objects.filter(referral=referral, status=SessionStatus.HELD).count() == 7
    assert Entitlement.objects.get(pk=referral.entitlement_id).used_amount == Decimal("180.00")
