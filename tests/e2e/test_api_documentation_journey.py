"""The API's documentation (Swagger UI at /api/v1/docs/) in a real browser under the strict
Content-Security-Policy: any violation fails the test (tests/e2e/conftest.py), as on every
page. Screenshots at 1280 and 375 px go to var/screenshots/api-docs/."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, ViewportSize, expect

from tests.partners.factories import VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "api-docs"
WIDTHS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 375, "height": 740},
}
# Swagger UI's own markup, which the portal cannot change: each operation's expand button sits
# inside another control; the "Try it out" form's selects have no label and its response
# boxes scroll without taking the focus. (Its colours are the portal's to fix, and are:
# static/site/api-docs.css.)
SWAGGER_UI_RULES = ("nested-interactive",)
SWAGGER_UI_FORM_RULES = (*SWAGGER_UI_RULES, "select-name", "scrollable-region-focusable")


def shoot(page: Page, name: str) -> None:
    """Screenshots of the current page at 1280 and 375 px (the top of the page: Swagger UI
    lists every operation and schema, thousands of pixels long)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"))


def test_the_documentation_lists_the_operations_and_tries_one_out(page, assert_accessible):
    VerifiedOrganizationFactory(name="Caritas Lebanon")

    page.goto("/api/v1/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "IOM–CSO Partnership Portal API"
    )
    organizations = page.locator("#operations-public-organizations_list")
    expect(organizations).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    # The page's own styles apply although inline styles are refused (site/api-docs.css).
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert_accessible(page, third_party_rules=SWAGGER_UI_RULES)
    shoot(page, "operations")

    organizations.locator(".opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    response = organizations.locator(".live-responses-table .response")
    expect(response.locator(".response-col_status")).to_contain_text("200")
    expect(response.locator(".response-col_description")).to_contain_text("Caritas Lebanon")
    assert_accessible(page, third_party_rules=SWAGGER_UI_FORM_RULES)
    shoot(page, "tried-out")
