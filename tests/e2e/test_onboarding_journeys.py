"""Onboarding in Chromium: from the home page to a registered organization without guessing,
and from the public Observers page to an application.

Every page is scanned with axe-core; screenshots at 1280 and 375 px are saved under
var/screenshots/onboarding/ to be looked at.
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import Page, ViewportSize, expect

from consultations.models import Consultation
from iomcso.core.models import OutboxMessage
from partners.choices import MemberRole, VerificationStatus
from partners.models import Organization
from tests.consultations.factories import ConsultationFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "onboarding"
PASSWORD = "a long and unusual passphrase 42"
WIDTHS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 375, "height": 740},
}


def shoot(page: Page, name: str) -> None:
    """Full-page screenshots of the current page at 1280 and 375 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)


def link_in_email(to: str, pattern: str) -> str:
    message = OutboxMessage.objects.filter(to=[to]).order_by("-created_at").first()
    assert message is not None, f"no email to {to}"
    found = re.search(rf"https?://[^\s]+{pattern}[^\s]*", message.body_text)
    assert found is not None, f"no link matching {pattern} in the email to {to}"
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


def click(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_visitor_signs_up_confirms_lands_on_register_or_join_registers_and_sees_next_todos(
    page, assert_accessible
):
    email = "coordinator@sahel-mobilite.example.org"
    page.goto("/en/")
    assert_accessible(page)
    shoot(page, "01-home")

    # --- The home page's one primary action: register your organization ----------------
    click(page, page.get_by_role("link", name="Register your organization"))
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Aïssata Traoré")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I have read and accept the privacy notice").check()
    shoot(page, "02-sign-up")
    click(page, page.get_by_role("button", name="Create an account"))
    assert_accessible(page)

    # --- Confirm from the link in the email: straight to "register or join" ------------
    confirm = link_in_email(email, "/accounts/confirm-email/")
    page.goto(confirm)
    assert_accessible(page)
    click(page, page.get_by_role("button", name="Confirm"))
    expect(
        page.get_by_role("heading", name="Register your organization or join an existing one")
    ).to_be_visible()
    assert_accessible(page)
    shoot(page, "03-register-or-join")

    # --- Register over the steps, with the searchable country list --------------------
    click(page, page.get_by_role("link", name="Start a registration"))
    page.get_by_label("Name", exact=True).fill("Sahel Mobilité Solidaire")
    page.select_option("#id_partner_type", "cso")
    page.select_option("#id_headquarters_country", "ML")
    page.get_by_label("Year founded").fill("2008")
    assert "---------" not in page.content()
    shoot(page, "04-step-1")
    click(page, page.get_by_role("button", name="Save and continue"))
    expect(page.locator("body")).to_contain_text("Step 2 of 4")
    page.select_option("#id_level", "regional")
    search = page.get_by_role("searchbox", name="Search: Countries of operation")
    search.fill("nige")
    page.get_by_label("Niger", exact=True).check()
    page.get_by_label("Nigeria", exact=True).check()
    search.fill("mali")
    search.press("Enter")  # ticks the first match
    chosen = page.get_by_role("list", name="Chosen: Countries of operation")
    expect(chosen).to_contain_text("Niger")
    expect(chosen).to_contain_text("Nigeria")
    expect(chosen).to_contain_text("Mali")
    page.get_by_label("Migrant assistance").check()
    assert_accessible(page)
    shoot(page, "05-step-2")
    click(page, page.get_by_role("button", name="Save and continue"))
    page.locator("#id_description").fill(
        "Shelter, legal aid and family tracing for people on the move across the Sahel."
    )
    click(page, page.get_by_role("button", name="Save and continue"))
    expect(page.locator("body")).to_contain_text("Niger, Nigeria")
    assert_accessible(page)
    click(page, page.get_by_role("button", name="Submit for verification"))

    # --- Submitted: the dashboard lists what to do next ---------------------------------
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()
    expect(page.locator("body")).to_contain_text("sent to IOM staff for verification")
    todos = page.get_by_role("region", name="Things to do")
    expect(todos).to_contain_text("Name a contact person for Sahel Mobilité Solidaire")
    expect(todos).to_contain_text("Upload the registration certificate")
    assert_accessible(page)
    shoot(page, "06-dashboard")
    organization = Organization.objects.get(name="Sahel Mobilité Solidaire")
    assert organization.verification_status == VerificationStatus.PENDING
    assert sorted(organization.countries_of_operation) == ["ML", "NE", "NG"]


def test_visitor_reads_the_observer_criteria_presses_apply_signs_in_and_reaches_the_application(
    page, assert_accessible
):
    organization = VerifiedOrganizationFactory(name="Migration Rights International")
    user = UserFactory(email="director@mri.example.org")
    OrganizationMemberFactory(organization=organization, user=user, role=MemberRole.ADMINISTRATOR)

    page.goto("/en/observers/")
    expect(page.get_by_role("heading", name="The five eligibility criteria")).to_be_visible()
    criteria = page.get_by_role("region", name="The five eligibility criteria")
    for words in (
        "principal activity in the area of migration, refugees or human resources",
        "spirit, purposes and principles of the IOM Constitution",
        "existing history of cooperation with IOM",
        "work beyond national boundaries",
        "Economic and Social Council (ECOSOC)",
    ):
        expect(criteria).to_contain_text(words, ignore_case=True)
    expect(page.get_by_role("heading", name="Who may apply")).to_be_visible()
    expect(page.get_by_role("heading", name="How to apply")).to_be_visible()
    assert_accessible(page)
    shoot(page, "07-observers")

    click(page, page.get_by_role("link", name="Apply for Observer status").first)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "next=" in page.url
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    click(page, page.get_by_role("button", name="Sign in"))
    assert page.url.endswith("/en/observers/apply/"), page.url
    expect(page.locator("body")).to_contain_text("Migration Rights International")
    assert_accessible(page)
    shoot(page, "08-application-start")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_onboarding_pages_are_accessible_in_french_and_spanish(
    page, assert_accessible, language
):
    for path in ("", "observers/", "accounts/signup/", "accounts/login/"):
        page.goto(f"/{language}/{path}")
        assert_accessible(page)
    user = UserFactory()
    page.goto(f"/{language}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", "correct horse battery staple")
    click(page, page.locator("main form button[type=submit]"))
    page.goto(f"/{language}/portal/")
    assert_accessible(page)
    page.goto(f"/{language}/portal/register/step/2/")
    assert_accessible(page)
    shoot(page, f"09-step-2-{language}")


def test_public_consultation_and_organization_pages_show_seats_logo_and_one_primary_action(
    page, assert_accessible
):
    consultation = ConsultationFactory(
        title="Annual CSO Consultation 2027",
        status=Consultation.Status.REGISTRATION_OPEN,
        capacity=40,
    )
    for _index in range(3):
        RegistrationFactory(consultation=consultation)
    organization = VerifiedOrganizationFactory(name="Puentes Migrantes", acronym="PM")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (0, 121, 107)).save(buffer, format="PNG")
    organization.logo.save("logo.png", ContentFile(buffer.getvalue()), save=True)

    page.goto(f"/en/consultations/{consultation.slug}/")
    expect(page.locator("body")).to_contain_text("37 seats left")
    expect(page.locator("main .button-large")).to_have_count(1)
    expect(page.locator("main .button-large")).to_have_text("Register delegates")
    assert_accessible(page)
    shoot(page, "10-consultation")

    page.goto(f"/en/partners/{organization.slug}/")
    logo = page.locator("img.org-logo")
    expect(logo).to_be_visible()
    assert page.evaluate("document.querySelector('img.org-logo').naturalWidth") == 256
    assert_accessible(page)
    shoot(page, "11-organization")

    page.goto("/en/partners/?sort=newest")
    assert_accessible(page)
    shoot(page, "12-directory")
