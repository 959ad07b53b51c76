"""Sign-up and organization registration, delegate registration and the Observer-status
application, in Arabic (right to left) and in Chinese.

Every page is scanned with axe-core; the buttons and messages are found by their translated
text, so the journey fails if a page falls back to English. In Arabic each page is also
photographed at 1280 and 375 px (var/screenshots/) for a person to check the mirroring.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django_countries import countries
from playwright.sync_api import Page, expect

from consultations.models import Registration
from iomcso.accounts.models import User
from iomcso.core.models import OutboxMessage
from observers.models import ApplicationStatus, ObserverApplication
from partners.choices import MemberRole, VerificationStatus
from partners.models import Organization
from tests.consultations.factories import ConsultationFactory, InvitationFactory, focal_point
from tests.e2e.journey import sign_in
from tests.observers.factories import applicant

PASSWORD = "a long and unusual passphrase 42"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = pytest.mark.django_db(transaction=True)


def _link_in_email(to: str, pattern: str) -> str:
    message = OutboxMessage.objects.filter(to=[to]).order_by("-created_at").first()
    assert message is not None, f"no email to {to}"
    found = re.search(rf"https?://[^\s]+{pattern}[^\s]*", message.body_text)
    assert found is not None, f"no link matching {pattern} in the email to {to}"
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


def _in(language: str):
    """gettext in ``language`` that fails when the text has no translation."""

    def t(text: str) -> str:
        with translation.override(language):
            translated = translation.gettext(text)
        assert translated != text, f"{text!r} is not translated into {language}"
        return translated

    return t


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
    assert brand is not None
    assert viewport is not None
    assert brand["x"] + brand["width"] > viewport["width"] / 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        # Nothing sticks out sideways at either width (no horizontal scrolling).
        page.screenshot(path=str(SCREENSHOTS / f"ar-{name}-{width}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} at {width}px scrolls sideways by {overflow}px"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize(
    ("language", "organization_name"),
    [("ar", "جمعية جسور المهاجرين (JM)"), ("zh-hans", "移民之桥协会")],
)
def test_a_partner_signs_up_and_registers_the_organization_in_the_language(
    new_page, assert_accessible, language, organization_name
):
    t = _in(language)
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
    # The searchable multi-select: type part of each country's name in the language.
    search = page.get_by_role("searchbox").first
    for code in ("JO", "LB", "CN"):
        with translation.override(language):
            country = str(countries.name(code))
        search.fill(country[:2])
        page.get_by_label(country, exact=False).first.check()
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
    expect(page.locator("body")).to_contain_text(t("Pending verification"))
    _look(page, language, "registration-submitted", assert_accessible)
    organization = Organization.objects.get(name=organization_name)
    assert organization.verification_status == VerificationStatus.PENDING
    assert sorted(str(code) for code in organization.countries_of_operation) == ["CN", "JO", "LB"]

    # --- The public directory, in the same language ----------------------------------------
    page.goto(f"/{language}/partners/")
    expect(page.locator("h1")).to_have_text(t("Partner directory"))
    _look(page, language, "directory", assert_accessible)


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_a_focal_point_registers_delegates_and_one_is_waitlisted_in_the_language(
    new_page, assert_accessible, language
):
    t = _in(language)
    consultation = ConsultationFactory(title="Annual CSO Consultation 2027", capacity=1)
    invitation = InvitationFactory(consultation=consultation)
    focal = focal_point(invitation.organization, MemberRole.EDITOR, language=language)
    page = new_page(locale=language, viewport={"width": 1280, "height": 900})
    sign_in(page, focal.email)

    page.goto(f"/{language}/consultations/")
    _look(page, language, "consultations", assert_accessible)
    page.goto(f"/{language}{invitation.get_absolute_url().removeprefix('/en')}")
    expect(page.locator("h1")).to_contain_text(invitation.organization.name)
    _look(page, language, "delegates", assert_accessible)
    for name, email in [("ليلى حداد", "layla@example.org"), ("Wang Fang 王芳", "fang@example.org")]:
        page.fill("#id_full_name", name)
        page.fill("#id_email", email)
        page.fill("#id_position", "Programme officer")
        with page.expect_navigation():
            page.get_by_role("button", name=t("Register this delegate")).click()
    with translation.override(language):
        waitlisted = translation.gettext("All seats are taken: %(name)s is on the waiting list.")
    expect(page.locator("body")).to_contain_text(
        waitlisted % {"name": "Wang Fang 王芳"}, use_inner_text=True
    )
    _look(page, language, "delegates-registered", assert_accessible)
    statuses = dict(consultation.registrations.values_list("full_name", "status"))
    assert statuses == {
        "ليلى حداد": Registration.Status.CONFIRMED,
        "Wang Fang 王芳": Registration.Status.WAITLISTED,
    }
    # The delegates' emails go out in the language they were registered in.
    assert set(
        OutboxMessage.objects.filter(
            to__in=[["layla@example.org"], ["fang@example.org"]]
        ).values_list("language", flat=True)
    ) == {language}


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_an_international_ngo_applies_for_observer_status_in_the_language(
    new_page, assert_accessible, language
):
    t = _in(language)
    organization, admin = applicant(name="Global Migrant Rights Alliance", language=language)
    page = new_page(locale=language, viewport={"width": 1280, "height": 900})
    sign_in(page, admin.email)

    page.goto(f"/{language}/observers/apply/")
    _look(page, language, "observer-apply", assert_accessible)
    with page.expect_navigation():
        page.get_by_role("button", name=t("Start an application")).click()
    for step in range(1, 6):
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _look(page, language, f"observer-step-{step}", assert_accessible)
        page.get_by_label(t("Your statement")).fill(f"بيان — 陈述 — statement {step}.")
        with page.expect_navigation():
            page.get_by_role("button", name=t("Save and continue")).click()
    with page.expect_navigation():
        page.get_by_role("button", name=t("Submit the application")).click()
    expect(page.get_by_text(t("Your application has been submitted."))).to_be_visible()
    _look(page, language, "observer-submitted", assert_accessible)
    application = ObserverApplication.objects.get(organization=organization)
    assert application.status == ApplicationStatus.SUBMITTED
    assert OutboxMessage.objects.filter(to=[admin.email], language=language).exists()
