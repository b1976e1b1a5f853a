"""The page shell in a real browser: every role's dashboard on a 768-px tablet, the skip link,
visible focus, and the account menu working without JavaScript."""

import pytest

from maillage.accounts.models import UserKind
from maillage.accounts.tests.factories import UserFactory
from maillage.core import navigation
from maillage.core.panels import PLACEHOLDERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}
PERSONAS = ["reception", "coordinator", "medical_lead", "director", "network_admin", "external"]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture
def external(db):
    return UserFactory(kind=UserKind.EXTERNAL)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_dashboard_is_accessible_on_a_tablet(
    request, persona, authenticated_page, live_url, assert_accessible
):
    user = request.getfixturevalue(persona)
    page = authenticated_page(user)
    page.set_viewport_size(TABLET)
    page.goto(live_url("/tableau-de-bord/"))
    role = "external" if persona == "external" else user.memberships.get().role
    assert page.get_by_role("heading", name=PLACEHOLDERS[role][0]).is_visible()
    assert_accessible(page)
    assert _no_sideways_scroll(page)


def test_a_long_navigation_wraps_on_a_tablet(
    monkeypatch, director, authenticated_page, live_url, assert_accessible
):
    # Every planned entry, all pointing at the dashboard: the longest menu a director may get.
    entries = [(label, "core:dashboard", None) for label, _name, _roles in navigation.NAV_ITEMS]
    monkeypatch.setattr(navigation, "NAV_ITEMS", entries)
    page = authenticated_page(director)
    page.set_viewport_size(TABLET)
    page.goto(live_url("/tableau-de-bord/"))
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert nav.get_by_role("link").count() == len(entries)
    assert _no_sideways_scroll(page)
    for link in nav.get_by_role("link").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= TABLET["width"]
        assert box["height"] >= 44  # comfortable for a finger
    assert_accessible(page)


def test_the_skip_link_comes_first_and_focus_is_visible(coordinator, authenticated_page, live_url):
    page = authenticated_page(coordinator)
    page.set_viewport_size(TABLET)
    page.goto(live_url("/tableau-de-bord/"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const el = document.activeElement; const style = getComputedStyle(el);"
        " const box = el.getBoundingClientRect();"
        " return {text: el.textContent.trim(), outline: style.outlineStyle,"
        " width: parseFloat(style.outlineWidth), left: box.left}; })()"
    )
    assert focused["text"] == "Aller au contenu"
    assert focused["outline"] != "none" and focused["width"] >= 2
    assert focused["left"] >= 0  # on screen once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # The next Tab stop, inside the main content, shows its focus too.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_the_account_menu_works_without_javascript(
    browser, coordinator, authenticated_page, live_url
):
    cookies = authenticated_page(coordinator).context.cookies()
    context = browser.new_context(java_script_enabled=False, viewport=TABLET, locale="fr-FR")
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(live_url("/tableau-de-bord/"))
        menu_link = page.get_by_role("link", name="Sécurité du compte")
        assert not menu_link.is_visible()
        page.locator("summary", has_text=coordinator.full_name).click()
        assert menu_link.is_visible()
        page.get_by_role("button", name="Se déconnecter").click()
        page.wait_for_url("**/compte/connexion/")
    finally:
        context.close()
