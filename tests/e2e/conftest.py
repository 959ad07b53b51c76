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
        yield WatchedBrowser(browser)
        browser.close()


# The Content-Security-Policy violations reported by the pages of the running test.
CSP_VIOLATIONS: list[str] = []


@pytest.fixture(autouse=True)
def _fail_on_csp_violations():
    """Every browser context is watched (see WatchedBrowser); a test whose pages reported a
    Content-Security-Policy violation fails. The policy is enforced in the journeys (the test
    settings send it), so an inline script, style or event handler that slipped into a
    template fails the journey that shows it."""
    CSP_VIOLATIONS.clear()
    yield
    violations = list(CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


class WatchedBrowser:
    """The Playwright browser, whose every new context reports CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        watch_csp(context)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


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


CSP_VIOLATION_MARK = "csp-violation:"
# Runs before any script of each document (Playwright injects it outside the page's policy).
REPORT_CSP_VIOLATIONS = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  if (window.__axeScanning) return;  // axe-core's own injected <style>, not the page's
  console.error("{CSP_VIOLATION_MARK} " + event.violatedDirective + " blocked "
    + (event.blockedURI || "inline") + " in " + event.documentURI
    + (event.lineNumber ? ":" + event.lineNumber : ""));
}});
"""


def watch_csp(context) -> None:
    """Collects the CSP violations of every page of ``context`` into CSP_VIOLATIONS, from the
    page's securitypolicyviolation events (Chromium's own console message says the same,
    but cannot be told apart from the styles axe-core injects while it scans)."""
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def on_console(message) -> None:
        text = message.text
        if CSP_VIOLATION_MARK in text:
            CSP_VIOLATIONS.append(f"{message.page.url if message.page else ''}: {text}")

    context.on("console", on_console)


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
            return run_axe(page)
        except PlaywrightError:
            page.wait_for_load_state("load")
            return run_axe(page)

    def run_axe(page):
        # axe-core injects <style> elements that the page's CSP blocks: not the page's fault.
        page.evaluate("window.__axeScanning = true")
        try:
            return axe.run(page)
        finally:
            # Violation events are queued tasks: let them fire before lowering the flag.
            page.evaluate(
                "new Promise((done) => setTimeout(() => { window.__axeScanning = false;"
                " done(); }, 50))"
            )

    def check(page, *, third_party_rules: tuple[str, ...] = ()) -> None:
        """``third_party_rules``: axe rules a page built by a third-party library (Swagger UI)
        breaks in markup the portal does not write; every other rule still holds."""
        results = scan(page)
        violations = [
            violation
            for violation in results.response["violations"]
            if violation.get("impact") in {"serious", "critical"}
            and violation["id"] not in third_party_rules
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
