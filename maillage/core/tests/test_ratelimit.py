"""Rate limits on login, password reset and second factor, per IP and per target account."""

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from maillage.accounts.testing import totp_device_for
from maillage.accounts.tests.factories import TEST_PASSWORD
from maillage.core import ratelimit
from maillage.core.ratelimit import RateLimited, hit, parse_rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rate", "limit", "period"),
    [("5/h", 5, 3600), ("30/10m", 30, 600), ("1/s", 1, 1), ("100/d", 100, 86400)],
)
def test_it_reads_rates(rate, limit, period):
    assert parse_rate(rate) == ratelimit.Rate(limit, period)


def test_it_refuses_a_bad_rate():
    with pytest.raises(ValueError):
        parse_rate("5 par heure")


def test_the_function_form_counts_per_key():
    for _ in range(3):
        hit(group="tests.form", key="a@example.org", rate="3/h")
    with pytest.raises(RateLimited) as caught:
        hit(group="tests.form", key="a@example.org", rate="3/h")
    assert 0 < caught.value.retry_after <= 3600
    assert hit(group="tests.form", key="b@example.org", rate="3/h") == 1
    assert hit(group="tests.other", key="a@example.org", rate="3/h") == 1
    assert hit(group="tests.form", key="", rate="3/h") == 0  # nothing typed: not counted


def test_a_new_window_starts_from_zero(monkeypatch):
    now = 1_700_000_000
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    for _ in range(2):
        hit(group="tests.window", key="k", rate="2/m")
    with pytest.raises(RateLimited):
        hit(group="tests.window", key="k", rate="2/m")
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 61)
    assert hit(group="tests.window", key="k", rate="2/m") == 1


def test_the_cache_holds_no_email_or_address():
    from django.core.cache import cache

    hit(group="tests.form", key="secret@example.org", rate="3/h")
    keys = list(cache._cache.keys())
    assert keys and not any("secret" in key for key in keys)


def _login(client, username, password=TEST_PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_login_is_limited_per_target_account(coordinator):
    client = Client()
    for _ in range(10):
        assert _login(client, coordinator.email).status_code == 302
    response = _login(Client(), coordinator.email)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    # Another account from the same address still gets through.
    assert _login(Client(), "quelquun@example.org", "x").status_code == 200


def _incomplete_login(client, n, **extra):
    # An invalid form (no password): counted by us, not by the lockout of failed passwords.
    return client.post(reverse("accounts:login"), {"username": f"u{n}@example.org"}, **extra)


def test_login_is_limited_per_ip_address():
    client = Client()
    for n in range(30):
        assert _incomplete_login(client, n).status_code == 200
    assert _incomplete_login(client, 99).status_code == 429
    assert _incomplete_login(Client(REMOTE_ADDR="192.0.2.9"), 100).status_code == 200


def test_a_forged_x_forwarded_for_does_not_reset_the_counter_without_a_proxy():
    client = Client()
    for n in range(30):
        _incomplete_login(client, n, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert _incomplete_login(client, 99, HTTP_X_FORWARDED_FOR="203.0.113.250").status_code == 429


def test_behind_a_proxy_only_the_address_it_appended_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for n in range(30):
        # The client forges the left part; our proxy appends the real address on the right.
        _incomplete_login(proxy, n, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")
    forged = "1.2.3.4, 203.0.113.7"
    assert _incomplete_login(proxy, 99, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    other = "1.2.3.4, 203.0.113.8"
    assert _incomplete_login(proxy, 100, HTTP_X_FORWARDED_FOR=other).status_code == 200


def test_password_reset_is_limited_per_email():
    for _ in range(3):
        response = Client().post(reverse("accounts:password_reset"), {"email": "Cible@Example.org"})
        assert response.status_code == 302
    response = Client().post(reverse("accounts:password_reset"), {"email": "cible@example.org "})
    assert response.status_code == 429
    assert len(mail.outbox) == 0  # no such account: nothing sent, and nothing said either


def test_password_reset_is_limited_per_ip():
    for n in range(10):
        Client().post(reverse("accounts:password_reset"), {"email": f"p{n}@example.org"})
    response = Client().post(reverse("accounts:password_reset"), {"email": "z@example.org"})
    assert response.status_code == 429


def test_the_second_factor_is_limited_per_account(coordinator):
    totp_device_for(coordinator)
    client = Client()
    _login(client, coordinator.email)
    for _ in range(10):
        response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert response.status_code == 429
    # Same account from a fresh session and address: still blocked (the account is the key).
    other = Client(REMOTE_ADDR="192.0.2.50")
    _login(other, coordinator.email)
    assert other.post(reverse("accounts:otp_verify"), {"token": "000000"}).status_code == 429


def test_showing_the_forms_is_not_counted():
    client = Client()
    for _ in range(40):
        assert client.get(reverse("accounts:login")).status_code == 200


def test_the_decorator_limits_any_view_and_keeps_its_attributes():
    from django.http import HttpResponse

    @ratelimit.ratelimit(key="post:email", rate="1/h", group="tests.public_form")
    def public_form(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    assert public_form(factory.post("/", {"email": "x@example.org"})).status_code == 200
    response = public_form(factory.post("/", {"email": "X@example.org"}))
    assert response.status_code == 429
    assert public_form.__name__ == "public_form"
