"""Accounts unused for six months are disabled by the scheduled job."""

from datetime import timedelta

from django.utils import timezone

from maillage.accounts.services import disable_dormant_accounts
from maillage.accounts.tests.factories import UserFactory
from maillage.audit.models import AuditEvent
from maillage.tasks.schedule import SCHEDULE


def test_it_disables_accounts_unused_for_six_months(client_for, coordinator):
    now = timezone.now()
    recent = UserFactory(last_activity_at=now - timedelta(days=30))
    dormant = UserFactory(last_activity_at=now - timedelta(days=190))
    never_used = UserFactory(last_activity_at=None, date_joined=now - timedelta(days=200))
    new = UserFactory(last_activity_at=None, date_joined=now - timedelta(days=3))
    coordinator.last_activity_at = now - timedelta(days=400)
    coordinator.save(update_fields=["last_activity_at"])
    session = client_for(coordinator)

    assert disable_dormant_accounts() == 3

    for user, active in [
        (recent, True),
        (dormant, False),
        (never_used, False),
        (new, True),
        (coordinator, False),
    ]:
        user.refresh_from_db()
        assert user.is_active is active, user.email
    # An open session of a disabled account ends at once.
    assert session.get("/tableau-de-bord/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.user.disabled_dormant").count() == 3
    assert disable_dormant_accounts() == 0


def test_a_login_counts_as_use(client, coordinator):
    from maillage.accounts.tests.factories import TEST_PASSWORD

    coordinator.last_activity_at = timezone.now() - timedelta(days=182)
    coordinator.save(update_fields=["last_activity_at"])
    client.post("/compte/connexion/", {"username": coordinator.email, "password": TEST_PASSWORD})
    assert disable_dormant_accounts(now=timezone.now() + timedelta(days=2)) == 0


def test_the_job_is_scheduled_daily():
    every, job = SCHEDULE["accounts.disable_dormant_accounts"]
    assert job is disable_dormant_accounts
    assert every == 24 * 60
