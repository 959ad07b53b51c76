"""Browser journeys: Debian's Chromium driven by Playwright, pages scanned with axe-core.

How to write one: README.md in this folder.
"""

import os
import shutil

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a fresh browser context: one per person, each with their own session."""
    contexts = []

    def open_page(**context_options):
        # A phone is, for example: viewport={"width": 375, "height": 740}, is_mobile=True.
        context_options.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def assert_accessible():
    """Scans the current page with axe-core; fails on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    axe = Axe()

    def scan(page):
        # A click that navigates returns before the new document exists; scanning then
        # would read a page that is being torn down, so wait, and rescan once if a late
        # navigation still destroyed the document under axe.
        page.wait_for_load_state("load")
        try:
            return axe.run(page)
        except PlaywrightError:
            page.wait_for_load_state("load")
            return axe.run(page)

    def check(page) -> None:
        results = scan(page)
        violations = [
            violation
            for violation in results.response["violations"]
            if violation.get("impact") in {"serious", "critical"}
        ]
        details = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + "; ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in violations
        ]
        assert not violations, f"axe-core on {page.url}:\n" + "\n".join(details)

    return check


@pytest.fixture
def staff_login(page, live_server):
    """Signs a staff user in through the real login page."""

    def login(user, password: str = "correct horse battery staple") -> None:
        page.goto("/en/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()

    return login
