"""Steps every browser journey takes: signing in and following a link or button."""

from playwright.sync_api import Locator, Page

from tests.factories import PASSWORD


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Signs in through the real login page and waits for the page after it."""
    page.goto("/en/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def click_and_wait(page: Page, locator: Locator) -> None:
    """Clicks something that loads a new page, and returns once that page is there."""
    with page.expect_navigation():
        locator.click()
