"""Sign-up and organization registration in Arabic (right to left) and in Chinese.

Every page is scanned with axe-core; the buttons and messages are found by their translated
text, so the journey fails if a page falls back to English. In Arabic each page is also
photographed at 1280 and 375 px (var/screenshots/) for a person to check the mirroring.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, expect

from iomcso.accounts.models import User
from iomcso.core.models import OutboxMessage
from partners.choices import VerificationStatus
from partners.models import Organization

PASSWORD = "a long and unusual passphrase 42"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = pytest.mark.django_db(transaction=True)


def _link_in_email(to: str, pattern: str) -> str:
    message = OutboxMessage.objects.filter(to=[to]).order_by("-created_at").first()
    assert message is not None, f"no email to {to}"
    found = re.search(rf"https?://[^\s]+{pattern}[^\s]*", message.body_text)
    assert found is not None, f"no link matching {pattern} in the email to {to}"
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


def _look(page: Page, language: str, name: str, assert_accessible) -> None:
    """Scan the page; in Arabic, check the direction and photograph it at two widths."""
    assert_accessible(page)
    assert page.locator("html").get_attribute("lang") == language
    if language != "ar":
        return
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The page mirrors: the brand sits at the right edge of the header, the text starts right.
    brand = page.locator(".brand").bounding_box()
    viewport = page.viewport_size
    assert brand is not None and viewport is not None
    assert brand["x"] + brand["width"] > viewport["width"] / 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        # Nothing sticks out sideways at either width (no horizontal scrolling).
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} at {width}px scrolls sideways by {overflow}px"
        page.screenshot(path=str(SCREENSHOTS / f"ar-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize(
    ("language", "organization_name"),
    [("ar", "جمعية جسور المهاجرين (JM)"), ("zh-hans", "移民之桥协会")],
)
def test_a_partner_signs_up_and_registers_the_organization_in_the_language(
    new_page, assert_accessible, language, organization_name
):
    def t(text: str) -> str:
        with translation.override(language):
            translated = translation.gettext(text)
        assert translated != text, f"{text!r} is not translated into {language}"
        return translated

    email = f"director-{language}@bridges.example.org"
    page = new_page(locale=language, viewport={"width": 1280, "height": 900})

    page.goto(f"/{language}/")
    expect(page.locator("h1")).to_be_visible()
    _look(page, language, "home", assert_accessible)

    # --- Sign up; the confirmation email comes in the same language ---------------------
    page.goto(f"/{language}/accounts/signup/")
    _look(page, language, "signup", assert_accessible)
    page.fill("#id_full_name", "Amina Diallo")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_accept_privacy_notice")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert User.objects.get(email=email).language == language
    message = OutboxMessage.objects.get(to=[email])
    assert message.language == language

    page.goto(_link_in_email(email, "/accounts/confirm-email/"))
    _look(page, language, "confirm-email", assert_accessible)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    # --- Register the organization over the steps -----------------------------------------
    page.goto(f"/{language}/portal/")
    _look(page, language, "portal", assert_accessible)
    with page.expect_navigation():
        page.get_by_role("link", name=t("Start a registration")).click()
    _look(page, language, "registration-1", assert_accessible)
    page.fill("#id_name", organization_name)
    page.fill("#id_acronym", "JM")
    page.select_option("#id_partner_type", "migrant_org")
    page.select_option("#id_headquarters_country", "JO")
    page.fill("#id_legal_registration_number", "2009/114")
    page.fill("#id_year_founded", "2009")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Save and continue")).click()

    expect(page.locator("body")).to_contain_text(t("Activities"))
    _look(page, language, "registration-2", assert_accessible)
    page.select_option("#id_level", "regional")
    page.select_option("#id_countries_of_operation", ["JO", "LB", "CN"])
    page.get_by_label(t("Migrant assistance")).check()
    page.get_by_label(t("Humanitarian")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Save and continue")).click()

    _look(page, language, "registration-3", assert_accessible)
    page.fill("#id_description", "Legal aid along the migration route. مساعدة قانونية. 法律援助。")
    page.fill("#id_website", "https://bridges.example.org")
    page.fill("#id_public_email", "info@bridges.example.org")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Save and continue")).click()

    expect(page.locator("body")).to_contain_text(organization_name)
    _look(page, language, "registration-review", assert_accessible)
    with page.expect_navigation():
        page.get_by_role("button", name=t("Submit for verification")).click()
    expect(page.locator("body")).to_contain_text(t("Pending verification."))
    _look(page, language, "registration-submitted", assert_accessible)
    organization = Organization.objects.get(name=organization_name)
    assert organization.verification_status == VerificationStatus.PENDING

    # --- The public directory, in the same language ----------------------------------------
    page.goto(f"/{language}/partners/")
    expect(page.locator("h1")).to_have_text(t("Partner directory"))
    _look(page, language, "directory", assert_accessible)
