"""Browser fixtures shared by the training and documents tests."""

import pytest


@pytest.fixture
def visitor_page(browser, live_server):
    """new_visitor() -> a page in a fresh browser context (no session: a member of the public),
    failing the test on any CSP violation or JS error, like the `page` fixture."""
    contexts = []
    problems: list[str] = []

    def new_visitor():
        context = browser.new_context(
            locale="fr-FR", viewport={"width": 1024, "height": 800}, base_url=live_server.url
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                problems.append(f"CSP: {m.text}") if "Content Security Policy" in m.text else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
        return page

    yield new_visitor
    for context in contexts:
        context.close()
    assert not problems, "Problèmes relevés par le navigateur :\n" + "\n".join(problems)
