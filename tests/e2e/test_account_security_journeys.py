"""Account-security and profile-review journeys in Chromium: a forgotten password, a change
of email address, a new privacy notice, and identity changes to a verified profile.

Every page the journeys visit is scanned with axe-core (no serious or critical violation).
"""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from iomcso.core.roles import PARTNERSHIPS_OFFICER
from partners.choices import MemberRole, VerificationStatus
from partners.models import Organization
from tests.e2e.journey import sign_in
from tests.factories import PASSWORD, StaffUserFactory, UserFactory
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

NEW_PASSWORD = "a long and unusual passphrase 42"
WRONG_CREDENTIALS = "The email address and/or password you specified are not correct."

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent_email(deliver_outbox):
    """The latest email actually sent to an address, after delivering the outbox."""

    def latest(to: str) -> mail.EmailMessage:
        deliver_outbox()
        sent = [message for message in mail.outbox if to in message.to]
        assert sent, f"no email sent to {to}"
        return sent[-1]

    return latest


def _path_of_link(message, pattern: str) -> str:
    """The path (without scheme and host) of the first link in the email matching ``pattern``."""
    found = re.search(rf"https?://\S*{pattern}\S*", message.body)
    assert found is not None, f"no link matching {pattern} in {message.subject!r}"
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


def _sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def _follow_main_link(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def _expect_signed_in(page) -> None:
    main_navigation = page.get_by_role("navigation", name="Main")
    expect(main_navigation.get_by_role("button", name="Sign out")).to_be_visible()
    expect(main_navigation.get_by_role("link", name="My account")).to_be_visible()


def _expect_refused_at_sign_in(page) -> None:
    expect(page.locator("body")).to_contain_text(WRONG_CREDENTIALS)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out")
    ).to_have_count(0)


# --- 1. A forgotten password --------------------------------------------------------------


def test_forgotten_password_is_reset_from_the_emailed_link_which_then_no_longer_works(
    page, assert_accessible, sent_email
):
    user = UserFactory(full_name="Ibrahim Touré", email="ibrahim@sahel-aid.example.org")

    # --- From the sign-in page, they ask for a reset --------------------------------------
    page.goto("/en/accounts/login/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Password Reset")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Reset My Password").click()
    expect(page.locator("body")).to_contain_text("We have sent you an email.")
    assert_accessible(page)

    email = sent_email(user.email)
    assert email.subject == "[IOM–CSO] Password Reset Email"
    reset_link = _path_of_link(email, "/accounts/password/reset/key/")

    # --- The link leads to a form where they choose a new password ----------------------
    page.goto(reset_link)
    expect(page.get_by_role("heading", name="Change Password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New Password (again)", exact=True).fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Change Password").click()
    expect(page.locator("body")).to_contain_text("Your password is now changed.")
    assert_accessible(page)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)

    # --- The same link, used again, is refused and offers a new reset -------------------
    page.goto(reset_link)
    expect(page.get_by_role("heading", name="Bad Token")).to_be_visible()
    expect(page.locator("body")).to_contain_text(
        "The password reset link was invalid, possibly because it has already been used."
    )
    expect(page.get_by_role("link", name="new password reset")).to_be_visible()
    expect(page.get_by_label("New Password", exact=True)).to_have_count(0)
    assert_accessible(page)

    # --- The old password no longer opens a session; the new one does -------------------
    sign_in(page, user.email, PASSWORD)
    _expect_refused_at_sign_in(page)
    assert_accessible(page)
    sign_in(page, user.email, NEW_PASSWORD)
    _expect_signed_in(page)
    assert_accessible(page)


def test_password_reset_email_reaches_a_french_speaking_user_in_french(page, sent_email):
    user = UserFactory(email="awa@entraide-migrants.example.org", language="fr")

    # They ask from the English sign-in page: the email follows their own language.
    page.goto("/en/accounts/password/reset/")
    page.get_by_label("Email").fill(user.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Reset My Password").click()
    expect(page.locator("body")).to_contain_text("We have sent you an email.")

    email = sent_email(user.email)
    assert email.subject == "[OIM–OSC] E-mail de réinitialisation de mot de passe"
    assert email.extra_headers["Content-Language"] == "fr"
    assert (
        "Vous recevez cet e-mail car vous ou quelqu'un d'autre a demandé une réinitialisation "
        "de mot de passe" in email.body
    )


# --- 2. A change of email address -----------------------------------------------------------


def test_new_email_address_is_unverified_until_confirmed_then_replaces_the_old_for_sign_in(
    new_page, assert_accessible, sent_email
):
    old_email = "lucia@puentes.example.org"
    new_email = "lucia.herrera@puentes-migrantes.example.org"
    user = UserFactory(full_name="Lucía Herrera", email=old_email)

    # --- Signed in, they ask to change their address on their account page --------------
    page = new_page()
    sign_in(page, old_email)
    _follow_main_link(page, "My account")
    expect(page.get_by_role("heading", name="Email Address", exact=True)).to_be_visible()
    expect(page.get_by_label("Current email")).to_have_value(old_email)
    assert_accessible(page)
    page.get_by_label("Change to").fill(new_email)
    with page.expect_navigation():
        page.get_by_role("button", name="Change Email").click()
    expect(page.locator("body")).to_contain_text(f"Confirmation email sent to {new_email}.")
    expect(page.get_by_label("Current email")).to_have_value(old_email)
    expect(page.get_by_label("Changing to")).to_have_value(new_email)
    expect(page.locator("body")).to_contain_text(
        "Your email address is still pending verification."
    )
    assert_accessible(page)
    pending = EmailAddress.objects.get(email=new_email)
    assert (pending.user_id, pending.verified, pending.primary) == (user.pk, False, False)
    assert get_user_model().objects.get(pk=user.pk).email == old_email

    confirmation = sent_email(new_email)
    assert confirmation.subject == "[IOM–CSO] Please Confirm Your Email Address"
    confirmation_link = _path_of_link(confirmation, "/accounts/confirm-email/")

    # --- Unconfirmed, the new address does not open the portal (tried in another browser) -
    other_browser = new_page()
    sign_in(other_browser, new_email)
    expect(other_browser.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    other_browser.goto("/en/portal/")
    expect(other_browser.get_by_role("heading", name="Sign in")).to_be_visible()
    assert not EmailAddress.objects.get(email=new_email).verified

    # --- They follow the link in the email sent to the new address ----------------------
    page.goto(confirmation_link)
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    expect(page.locator("body")).to_contain_text(
        f"Please confirm that {new_email} is an email address for user"
    )
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    expect(page.locator("body")).to_contain_text(f"You have confirmed {new_email}.")
    _follow_main_link(page, "My account")
    expect(page.get_by_label("Current email")).to_have_value(new_email)
    expect(page.get_by_label("Changing to")).to_have_count(0)
    assert_accessible(page)

    # ACCOUNT_CHANGE_EMAIL is on: confirming the new address makes it the primary one and
    # removes the old one; there is no separate "Make Primary" step.
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")
    ) == [(new_email, True, True)]
    assert get_user_model().objects.get(pk=user.pk).email == new_email

    # --- From now on they sign in with the new address, no longer with the old ----------
    _sign_out(page)
    sign_in(page, old_email)
    _expect_refused_at_sign_in(page)
    sign_in(page, new_email)
    _expect_signed_in(page)
    _follow_main_link(page, "My organization")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


# --- 3. A new version of the privacy notice ---------------------------------------------------


def test_new_privacy_notice_must_be_accepted_at_next_sign_in_before_reaching_the_portal(
    page, assert_accessible, settings
):
    accepted_long_ago = timezone.now() - datetime.timedelta(days=400)
    user = UserFactory(
        full_name="Mariam Haidari",
        privacy_notice_version="2026-11",
        privacy_notice_accepted_at=accepted_long_ago,
    )
    organization = VerifiedOrganizationFactory(name="Afghan Diaspora Network Europe")
    OrganizationMemberFactory(organization=organization, user=user, role=MemberRole.EDITOR)
    settings.PRIVACY_NOTICE_VERSION = "2027-01"

    # --- On their way to the portal, sign-in leads to the new notice first --------------
    page.goto("/en/portal/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Updated privacy notice")).to_be_visible()
    expect(page.locator("body")).to_contain_text(
        "Our privacy notice has changed. Please read it and accept it to continue."
    )
    expect(page.get_by_role("link", name=organization.name)).to_have_count(0)
    assert_accessible(page)

    # --- They can read the notice, but the portal stays closed until they accept --------
    with page.expect_navigation():
        page.get_by_role("link", name="Read the privacy notice").click()
    expect(page.get_by_role("heading", name="Privacy notice")).to_be_visible()
    assert_accessible(page)
    _follow_main_link(page, "My organization")
    expect(page.get_by_role("heading", name="Updated privacy notice")).to_be_visible()
    page.goto(f"/en/portal/org/{organization.pk}/")
    expect(page.get_by_role("heading", name="Updated privacy notice")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(organization.name)
    user.refresh_from_db()
    assert user.privacy_notice_version == "2026-11"
    assert user.privacy_notice_accepted_at == accepted_long_ago

    # --- Accepting records the version and the date, and opens the page they asked for --
    before = timezone.now()
    with page.expect_navigation():
        page.get_by_role("button", name="I accept the privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(organization.name)
    expect(page.locator("body")).to_contain_text("Your role: Editor")
    assert_accessible(page)
    user.refresh_from_db()
    assert user.privacy_notice_version == "2027-01"
    assert before <= user.privacy_notice_accepted_at <= timezone.now()

    # The notice is not asked for again.
    _follow_main_link(page, "My organization")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=organization.name)).to_be_visible()
    assert_accessible(page)


# --- 4. Identity changes to a verified profile ----------------------------------------------


def _partnerships_officer():
    officer = StaffUserFactory(full_name="Helena Costa")
    officer.groups.add(Group.objects.get(name=PARTNERSHIPS_OFFICER))
    return officer


def _search_directory(page, query: str) -> None:
    page.goto("/en/partners/")
    page.get_by_label("Name, acronym or description").fill(query)
    with page.expect_navigation():
        page.get_by_role("button", name="Show organizations").click()


def test_new_name_of_a_verified_organization_waits_for_staff_but_its_description_shows_at_once(
    new_page, assert_accessible, sent_email
):
    verified_name = "Asociación Frontera Digna"
    new_name = "Frontera Digna Internacional"
    new_description = "Shelter and legal aid for families waiting at the northern border."
    organization = VerifiedOrganizationFactory(
        name=verified_name,
        headquarters_country="MX",
        description="Shelter for migrants in Tijuana.",
    )
    administrator = UserFactory(full_name="Rocío Anaya")
    OrganizationMemberFactory(
        organization=organization, user=administrator, role=MemberRole.ADMINISTRATOR
    )
    officer = _partnerships_officer()

    # --- The administrator changes the name and the description in the portal ----------
    partner = new_page()
    sign_in(partner, administrator.email)
    _follow_main_link(partner, "My organization")
    with partner.expect_navigation():
        partner.get_by_role("link", name=verified_name).click()
    with partner.expect_navigation():
        partner.get_by_role("link", name="Edit profile").click()
    expect(partner.locator("body")).to_contain_text(
        "Changes to the name, partner type, headquarters country and legal registration are "
        "reviewed by IOM staff before they are published. Other changes are published at once."
    )
    assert_accessible(partner)
    partner.locator("#id_name").fill(new_name)
    partner.locator("#id_description").fill(new_description)
    with partner.expect_navigation():
        partner.get_by_role("button", name="Save changes").click()
    expect(partner.locator("body")).to_contain_text(
        "Your changes are saved. Changes to the name, type, country or legal registration will "
        "be published after IOM staff review them."
    )
    expect(partner.get_by_role("heading", level=1)).to_contain_text(verified_name)
    awaiting = partner.get_by_role("region", name="Changes awaiting IOM review")
    expect(awaiting).to_contain_text(f"Name: {new_name}")
    expect(partner.locator("body")).to_contain_text(new_description)
    assert_accessible(partner)
    organization.refresh_from_db()
    assert organization.name == verified_name
    assert organization.pending_identity_changes == {"name": new_name}
    assert organization.description == new_description

    # --- The public directory keeps the verified name, with the new description --------
    public = new_page()
    _search_directory(public, "Frontera")
    expect(public.get_by_role("heading", name=re.compile("1 organization found"))).to_be_visible()
    expect(public.get_by_role("link", name=verified_name)).to_be_visible()
    expect(public.get_by_role("link", name=new_name)).to_have_count(0)
    assert_accessible(public)
    with public.expect_navigation():
        public.get_by_role("link", name=verified_name).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(verified_name)
    expect(public.locator("body")).to_contain_text(new_description)
    expect(public.locator("body")).not_to_contain_text(new_name)
    assert_accessible(public)
    _search_directory(public, "Internacional")
    expect(public.get_by_role("heading", name=re.compile("0 organizations found"))).to_be_visible()

    # --- Staff are told, find the profile in the admin and approve the change -----------
    notice = sent_email(officer.email)
    assert notice.subject.endswith(f"Identity changes to review: {verified_name}")
    assert _path_of_link(notice, "/portal/staff/identity-changes/") == (
        "/en/portal/staff/identity-changes/"
    )

    staff = new_page()
    sign_in(staff, officer.email)  # staff land on the admin
    with staff.expect_navigation():
        staff.get_by_role("link", name="Organizations", exact=True).first.click()
    with staff.expect_navigation():
        staff.get_by_role("link", name="Awaiting review").click()
    expect(staff.locator("#result_list")).to_contain_text(verified_name)
    expect(staff.locator("#result_list tbody tr")).to_have_count(1)
    assert_accessible(staff)
    with staff.expect_navigation():
        staff.locator("#result_list").get_by_role("link", name=verified_name).click()
    expect(staff.locator(".field-identity_changes_display")).to_contain_text("name")
    assert_accessible(staff)
    with staff.expect_navigation() as review_page:
        staff.get_by_role("link", name="Review the changes…").click()
    assert review_page.value.status == 200
    expect(staff.get_by_role("heading", name="Identity changes awaiting review")).to_be_visible()
    section = staff.get_by_role("region", name=verified_name)
    name_row = section.get_by_role("row").filter(has_text="Name")
    expect(name_row.get_by_role("cell")).to_have_text([verified_name, new_name])
    assert_accessible(staff)
    with staff.expect_navigation():
        section.get_by_role("button", name="Approve and publish").click()
    expect(staff.locator("body")).to_contain_text("The changes are published.")
    expect(staff.locator("body")).to_contain_text("Nothing is waiting for review.")
    assert_accessible(staff)
    organization.refresh_from_db()
    assert organization.name == new_name
    assert organization.pending_identity_changes == {}

    # --- The directory now shows the new name; the administrator is told ----------------
    _search_directory(public, "Internacional")
    expect(public.get_by_role("heading", name=re.compile("1 organization found"))).to_be_visible()
    with public.expect_navigation():
        public.get_by_role("link", name=new_name).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(new_name)
    expect(public.locator("body")).to_contain_text(new_description)
    expect(public.locator("body")).not_to_contain_text(verified_name)
    assert_accessible(public)

    decided = sent_email(administrator.email)
    assert decided.subject.endswith("Your profile changes are published")
    partner.reload()
    expect(partner.get_by_role("heading", level=1)).to_contain_text(new_name)
    expect(partner.get_by_role("region", name="Changes awaiting IOM review")).to_have_count(0)
    assert (
        Organization.objects.get(pk=organization.pk).verification_status
        == VerificationStatus.VERIFIED
    )
