"""The CSO portal journey in Chromium: sign-up to a verified, team-managed profile.

Every page of the journey is scanned with axe-core (no serious or critical violation).
"""

import re

import pytest
from playwright.sync_api import expect

from iomcso.core.models import OutboxMessage
from partners.choices import VerificationStatus
from partners.models import Organization, OrganizationDocument
from tests.e2e.journey import sign_in
from tests.factories import PASSWORD, SuperUserFactory, UserFactory

NEW_PASSWORD = "a long and unusual passphrase 42"
ORGANIZATION = "Asociación Puentes Migrantes"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200

pytestmark = pytest.mark.django_db(transaction=True)


def _link_in_email(to: str, pattern: str) -> str:
    """The path of the first link matching ``pattern`` in the latest email to ``to``."""
    message = OutboxMessage.objects.filter(to=[to]).order_by("-created_at").first()
    assert message is not None, f"no email to {to}"
    found = re.search(rf"https?://[^\s]+{pattern}[^\s]*", message.body_text)
    assert found is not None, f"no link matching {pattern} in the email to {to}"
    url = found.group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_partner_signs_up_registers_is_verified_and_a_colleague_edits_the_profile(
    browser, live_server, assert_accessible, tmp_path
):
    email = "director@puentes.example.org"
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()

    # --- Sign up and verify the email address from the sent email --------------------------
    page.goto("/en/accounts/signup/")
    assert_accessible(page)
    page.fill("#id_full_name", "Lucía Herrera")
    page.fill("#id_email", email)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.check("#id_accept_privacy_notice")
    with page.expect_navigation():
        page.get_by_role("button", name="Create an account", exact=True).click()
    expect(page.locator("body")).to_contain_text("Verify Your Email Address")
    assert_accessible(page)

    page.goto(_link_in_email(email, "/accounts/confirm-email/"))
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()

    # --- Register the organization over the steps, leaving in the middle ------------------
    with page.expect_navigation():
        page.get_by_role("link", name="My organization").first.click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Start a registration").click()
    assert_accessible(page)
    page.fill("#id_name", ORGANIZATION)
    page.fill("#id_acronym", "APM")
    page.select_option("#id_partner_type", "migrant_org")
    page.select_option("#id_headquarters_country", "CO")
    page.fill("#id_legal_registration_number", "NIT 900.123.456-7")
    page.fill("#id_year_founded", "2009")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.locator("body")).to_contain_text("Step 2 of 4")
    assert_accessible(page)
    page.select_option("#id_level", "regional")
    search = page.get_by_role("searchbox", name="Search: Countries of operation")
    for country in ("Colombia", "Venezuela", "Ecuador"):
        search.fill(country[:5])
        page.get_by_label(country, exact=False).first.check()
    page.get_by_label("Migrant assistance").check()
    page.get_by_role("button", name="Save draft and finish later").click()
    expect(page.locator("body")).to_contain_text("Your draft is saved")

    page.goto("/en/")  # the user leaves...
    page.goto("/en/portal/")  # ...and comes back
    page.get_by_role("link", name="Continue your registration").click()
    expect(page.locator("body")).to_contain_text("Step 2 of 4")
    assert page.locator("#id_level").input_value() == "regional"
    assert page.get_by_label("Migrant assistance").is_checked()
    page.get_by_label("Humanitarian").check()
    page.get_by_role("button", name="Save and continue").click()

    assert_accessible(page)
    page.fill("#id_description", "Legal aid and shelter along the Andean migration route.")
    page.fill("#id_website", "https://puentes.example.org")
    page.fill("#id_public_email", "info@puentes.example.org")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("body")).to_contain_text(ORGANIZATION)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for verification").click()
    expect(page.locator("body")).to_contain_text("Pending verification")
    assert_accessible(page)
    organization = Organization.objects.get(name=ORGANIZATION)
    assert organization.verification_status == VerificationStatus.PENDING

    # --- Upload documents (the dashboard's to-do): a PDF is kept, an executable refused --
    with page.expect_navigation():
        page.get_by_role("link", name="Upload documents").click()
    assert_accessible(page)
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(PDF_BYTES)
    page.select_option("#id_kind", "registration_certificate")
    page.set_input_files("#id_file", str(certificate))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("body")).to_contain_text("The document was uploaded.")
    assert page.get_by_role("link", name="certificate.pdf").is_visible()
    assert_accessible(page)

    fake = tmp_path / "report.pdf"
    fake.write_bytes(EXECUTABLE_BYTES)
    page.set_input_files("#id_file", str(fake))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("body")).to_contain_text("This file type is not accepted")
    assert OrganizationDocument.objects.filter(organization=organization).count() == 1
    assert_accessible(page)

    # --- Staff verify it in the admin; it appears in the public directory ---------------
    staff_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    staff_context.set_default_timeout(15_000)
    staff_page = staff_context.new_page()
    staff = SuperUserFactory()
    sign_in(staff_page, staff.email)
    staff_page.goto(f"/en/admin/partners/organization/{organization.pk}/change/")
    with staff_page.expect_navigation():
        staff_page.get_by_role("link", name="Verify", exact=True).click()
    assert_accessible(staff_page)
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Verify").click()
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.VERIFIED
    staff_context.close()

    page.goto("/en/partners/?q=puentes")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Puentes Migrantes")).first.click()
    expect(page.locator("body")).to_contain_text(
        "Legal aid and shelter along the Andean migration route."
    )
    assert_accessible(page)

    # --- Invite a colleague, who accepts and edits the profile ----------------------------
    page.goto(f"/en/portal/org/{organization.pk}/")
    expect(page.locator("body")).to_contain_text("Verified.")
    assert_accessible(page)
    page.get_by_role("link", name="Team").click()
    colleague_email = "programmes@puentes.example.org"
    page.fill("#id_email", colleague_email)
    page.select_option("#id_role", "editor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("body")).to_contain_text("An invitation was sent")
    assert_accessible(page)
    invitation_path = _link_in_email(colleague_email, "/portal/invitations/")
    context.close()

    # The colleague has no account yet: the invitation page leads to sign-up and back.
    colleague_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    colleague_context.set_default_timeout(15_000)
    colleague_page = colleague_context.new_page()
    colleague_page.goto(invitation_path)
    assert_accessible(colleague_page)
    colleague_page.locator("#main").get_by_role("link", name="Create an account").click()
    colleague_page.fill("#id_full_name", "Mateo Ríos")
    colleague_page.fill("#id_email", colleague_email)
    colleague_page.fill("#id_password1", NEW_PASSWORD)
    colleague_page.fill("#id_password2", NEW_PASSWORD)
    colleague_page.check("#id_accept_privacy_notice")
    with colleague_page.expect_navigation():
        colleague_page.get_by_role("button", name="Create an account", exact=True).click()
    colleague_page.goto(_link_in_email(colleague_email, "/accounts/confirm-email/"))
    with colleague_page.expect_navigation():
        colleague_page.get_by_role("button", name="Confirm").click()
    colleague_page.goto(invitation_path)
    assert_accessible(colleague_page)
    colleague_page.get_by_role("button", name="Accept the invitation").click()
    expect(colleague_page.locator("body")).to_contain_text(f"Welcome to the team of {ORGANIZATION}")
    with colleague_page.expect_navigation():
        colleague_page.get_by_role("link", name="Edit profile").click()
    assert_accessible(colleague_page)
    colleague_page.fill("#id_description", "Legal aid, shelter and job placement for migrants.")
    colleague_page.get_by_role("button", name="Save changes").click()
    expect(colleague_page.locator("body")).to_contain_text("Your changes are saved.")

    colleague_page.goto(organization.get_absolute_url())
    expect(colleague_page.locator("body")).to_contain_text("job placement")
    colleague_context.close()


def test_portal_pages_work_on_a_phone_without_javascript(browser, live_server, assert_accessible):
    from partners.choices import MemberRole
    from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

    organization = VerifiedOrganizationFactory(name="Phone Test Network")
    user = UserFactory()
    OrganizationMemberFactory(organization=organization, user=user, role=MemberRole.ADMINISTRATOR)
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    sign_in(page, user.email)
    for path in (
        "/en/portal/",
        f"/en/portal/org/{organization.pk}/",
        f"/en/portal/org/{organization.pk}/team/",
        f"/en/portal/org/{organization.pk}/documents/",
        "/en/portal/register/step/1/",
    ):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, path
    # Without JavaScript, forms still work: confirm the profile.
    page.goto(f"/en/portal/org/{organization.pk}/")
    page.get_by_role("button", name="Confirm the profile is up to date").click()
    expect(page.locator("body")).to_contain_text("Thank you for confirming")
    organization.refresh_from_db()
    assert organization.profile_confirmed_at is not None
    context.close()


def test_staff_must_set_up_two_factor_then_sign_in_with_a_recovery_code(
    browser, live_server, assert_accessible, settings
):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    settings.REQUIRE_STAFF_TWO_FACTOR = True
    staff = SuperUserFactory()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, staff.email)

    page.goto("/en/admin/")
    # allauth asks for the password again before a second factor is added.
    assert "/accounts/reauthenticate/" in page.url
    assert_accessible(page)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert "/accounts/2fa/totp/activate/" in page.url
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    page.goto("/en/admin/")
    assert page.get_by_role("heading", name="Your work").is_visible()

    # Next sign-in asks for the second factor; a recovery code works once.
    recovery = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    recovery_code = RecoveryCodes(recovery).get_unused_codes()[0]
    context.clear_cookies()
    sign_in(page, staff.email)
    assert "/accounts/2fa/authenticate/" in page.url
    assert_accessible(page)
    page.fill("#id_code", recovery_code)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.goto("/en/admin/")
    assert page.get_by_role("heading", name="Your work").is_visible()
    context.close()
