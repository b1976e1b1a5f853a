"""Browser-test fixtures (pytest plugin): Playwright driving Debian's Chromium.

- `browser`: one headless Chromium per test session (/usr/bin/chromium, never a download).
- `page`: a fresh, empty context per test; any Content-Security-Policy violation or page error
  reported by Chromium fails the test at teardown.
- `live_url(path)`: absolute URL on the live server.
- `login_page(user)`: a page logged in through the real form, TOTP computed by the test.
- `authenticated_page(user, network=None)`: a page whose session is injected (faster).
- `assert_accessible(page)`: runs axe-core (vendored) and fails on any violation.

Mark browser tests with `@pytest.mark.browser`.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop, Django's ORM

CHROMIUM = os.environ.get("MAILLAGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_JS = (
    Path(__file__).resolve().parents[2] / "tests/browser/vendor/axe-core-4.14.1/axe.min.js"
).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable à {CHROMIUM} : installez le paquet Debian 'chromium'.")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1024, "height": 800}, base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            problems.append(f"CSP: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
    page.csp_problems = problems
    yield page
    context.close()
    assert not problems, "Problèmes relevés par le navigateur :\n" + "\n".join(problems)


@pytest.fixture
def live_url(live_server):
    def make(path: str) -> str:
        return live_server.url + path

    return make


@pytest.fixture
def login_page(page, live_url):
    """Logs in through the real login and second-factor forms."""
    from maillage.accounts.testing import current_totp, totp_device_for
    from maillage.accounts.tests.factories import TEST_PASSWORD

    def do(user, password: str = TEST_PASSWORD):
        totp_device_for(user)
        page.goto(live_url("/compte/connexion/"))
        page.get_by_label("Adresse électronique").fill(user.email)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Continuer").click()
        page.get_by_label("Code à 6 chiffres").fill(current_totp(user))
        page.get_by_role("button", name="Valider").click()
        page.wait_for_url(lambda url: "/compte/" not in url or "/compte/reseau/" in url)
        # The landing page (the dashboard) loads its panels by htmx: let them finish, so that
        # the test's next request never races them (on SQLite the live server shares one
        # connection between its threads).
        wait_until_settled(page)
        return page

    return do


@pytest.fixture
def authenticated_page(page, live_server):
    """A page with an injected, fully verified session (skips the login UI)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from maillage.accounts.testing import session_values

    def do(user, network=None):
        if network is None and user.is_staff_kind:
            membership = user.memberships.filter(is_active=True).select_related("network").first()
            network = membership.network if membership else None
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.update(session_values(user, network))
        store.create()
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": store.session_key,
                    # __Host- cookies: host-only, path "/" (a "url" key is refused for them)
                    "domain": urlparse(live_server.url).hostname,
                    "path": "/",
                    "secure": settings.SESSION_COOKIE_SECURE,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        return page

    return do


def wait_until_settled(page) -> None:
    """Let htmx finish loading and settling its panels: axe must judge the page a user sees."""
    page.wait_for_load_state("networkidle")
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    page.wait_for_function(f"() => !document.querySelector('{busy}')")


def run_axe(page) -> list[dict]:
    page.evaluate(AXE_JS)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


@pytest.fixture
def assert_accessible():
    def check(page):
        wait_until_settled(page)
        violations = run_axe(page)
        summary = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
            for v in violations
        ]
        assert not violations, "Violations d'accessibilité (axe-core) :\n" + "\n".join(summary)

    return check
