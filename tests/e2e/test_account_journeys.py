"""Account journeys in Chromium: joining a team by request, the data export, account deletion.

Every page the journeys visit is scanned with axe-core (no serious or critical violation).
"""

import json

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from iomcso.core.models import OutboxMessage
from partners.choices import MemberRole
from partners.models import JoinRequest, OrganizationMember
from tests.e2e.journey import sign_in
from tests.factories import PASSWORD, UserFactory
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _follow_main_link(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def _open_account_deletion(page) -> None:
    _follow_main_link(page, "My account")
    with page.expect_navigation():
        page.get_by_role("link", name="Delete my account", exact=True).click()


def _ask_to_join(page, assert_accessible, *, search: str, organization: str, message: str):
    _follow_main_link(page, "My organization")
    expect(page.locator("body")).to_contain_text("register your organization or join one")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Ask to join").click()
    assert_accessible(page)
    page.get_by_label("Organization name").fill(search)
    with page.expect_navigation():
        page.get_by_role("button", name="Search", exact=True).click()
    assert_accessible(page)
    page.get_by_label(organization).check()
    page.get_by_label("Message to the organization's administrators").fill(message)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the request").click()
    expect(page.locator("body")).to_contain_text(
        "Your request was sent to the organization's administrators."
    )
    expect(page.locator("body")).to_contain_text(
        f"{organization}: waiting for the organization's administrators"
    )
    assert_accessible(page)


def _latest_email_to(email: str) -> OutboxMessage:
    message = OutboxMessage.objects.filter(to=[email]).order_by("-created_at").first()
    assert message is not None, f"no email to {email}"
    return message


def test_administrator_approves_a_request_to_join_with_the_role_chosen_and_declines_another(
    new_page, assert_accessible
):
    organization = VerifiedOrganizationFactory(name="Red de Apoyo Fronterizo", acronym="RAF")
    administrator = UserFactory(full_name="Carmen Vidal")
    OrganizationMemberFactory(
        organization=organization, user=administrator, role=MemberRole.ADMINISTRATOR
    )
    requester = UserFactory(full_name="Amara Okafor")
    turned_away = UserFactory(full_name="Jonas Weber")

    # --- Two people without an organization ask to join it ---------------------------------
    requester_page = new_page()
    sign_in(requester_page, requester.email)
    _ask_to_join(
        requester_page,
        assert_accessible,
        search="fronterizo",
        organization=organization.name,
        message="I run the shelter in Tapachula.",
    )
    turned_away_page = new_page()
    sign_in(turned_away_page, turned_away.email)
    _ask_to_join(
        turned_away_page,
        assert_accessible,
        search="apoyo",
        organization=organization.name,
        message="Please add me.",
    )
    assert _latest_email_to(administrator.email).template == "partners/portal/join_request_received"

    # --- The administrator, in their own browser, reviews the requests on the team page ----
    admin_page = new_page()
    sign_in(admin_page, administrator.email)
    _follow_main_link(admin_page, "My organization")
    with admin_page.expect_navigation():
        admin_page.get_by_role("link", name=organization.name).click()
    expect(admin_page.locator("body")).to_contain_text("2 people ask to join your team.")
    assert_accessible(admin_page)
    with admin_page.expect_navigation():
        admin_page.get_by_role("link", name="Review the requests").click()
    expect(admin_page.get_by_role("heading", name="Requests to join")).to_be_visible()
    assert_accessible(admin_page)

    request_item = admin_page.get_by_role("listitem").filter(has_text=requester.email)
    expect(request_item).to_contain_text("I run the shelter in Tapachula.")
    request_item.get_by_label("Role if approved").select_option("editor")
    with admin_page.expect_navigation():
        request_item.get_by_role("button", name="Approve").click()
    expect(admin_page.locator("body")).to_contain_text("The request was approved.")
    new_member_row = admin_page.get_by_role("row").filter(has_text=requester.email)
    expect(new_member_row.get_by_label(f"Role of {requester.full_name}")).to_have_value("editor")
    assert_accessible(admin_page)

    turned_away_item = admin_page.get_by_role("listitem").filter(has_text=turned_away.email)
    with admin_page.expect_navigation():
        turned_away_item.get_by_role("button", name="Decline").click()
    expect(admin_page.locator("body")).to_contain_text("The request was declined.")
    expect(admin_page.get_by_role("heading", name="Requests to join")).to_have_count(0)
    expect(admin_page.get_by_role("row").filter(has_text=turned_away.email)).to_have_count(0)
    assert_accessible(admin_page)

    # --- The approved requester finds the organization in their portal, as an editor -------
    _follow_main_link(requester_page, "My organization")
    membership_row = requester_page.get_by_role("row").filter(has_text=organization.name)
    expect(membership_row).to_contain_text("Editor")
    expect(requester_page.get_by_role("heading", name="Your requests to join")).to_have_count(0)
    assert_accessible(requester_page)
    with requester_page.expect_navigation():
        membership_row.get_by_role("link", name=organization.name).click()
    expect(requester_page.locator("body")).to_contain_text("Your role: Editor")
    expect(requester_page.get_by_role("link", name="Edit profile")).to_be_visible()
    assert_accessible(requester_page)
    approved_email = _latest_email_to(requester.email)
    assert approved_email.subject.endswith(f"You joined {organization.name}")

    # --- The declined requester is told by email and gets no access ------------------------
    _follow_main_link(turned_away_page, "My organization")
    expect(turned_away_page.get_by_role("heading", name="Your organizations")).to_have_count(0)
    expect(turned_away_page.get_by_role("heading", name="Your requests to join")).to_have_count(0)
    assert_accessible(turned_away_page)
    declined_email = _latest_email_to(turned_away.email)
    assert "declined your request to join its team" in declined_email.body_text
    response = turned_away_page.goto(f"/en/portal/org/{organization.pk}/")
    assert response.status == 404
    expect(turned_away_page.locator("body")).to_contain_text("Page not found")
    assert not OrganizationMember.objects.filter(user=turned_away).exists()
    assert JoinRequest.objects.get(user=turned_away).status == JoinRequest.Status.DECLINED


def test_user_downloads_their_personal_data_as_json_from_their_account_page(
    page, assert_accessible, tmp_path
):
    organization = VerifiedOrganizationFactory(name="Casa del Migrante Esperanza")
    user = UserFactory(full_name="Rosa Martínez", email="rosa@esperanza.example.org")
    OrganizationMemberFactory(organization=organization, user=user, role=MemberRole.EDITOR)
    colleague = OrganizationMemberFactory(organization=organization, role=MemberRole.ADMINISTRATOR)

    sign_in(page, user.email)
    _follow_main_link(page, "My account")
    expect(page.get_by_role("navigation", name="Account settings")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my personal data (JSON)").click()
    download = download_info.value
    assert download.suggested_filename == "my-personal-data.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    text = saved.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["account"]["email"] == "rosa@esperanza.example.org"
    assert data["account"]["full_name"] == "Rosa Martínez"
    assert data["email_addresses"] == [
        {"email": "rosa@esperanza.example.org", "verified": True, "primary": True}
    ]
    assert [
        (membership["organization"], membership["role"])
        for membership in data["organization_memberships"]
    ] == [("Casa del Migrante Esperanza", "editor")]
    # Only the user's own data: nothing about the colleague on the same team.
    assert colleague.user.email not in text


def test_sole_administrator_names_a_successor_then_deletes_their_account_and_cannot_sign_in(
    page, assert_accessible
):
    organization = VerifiedOrganizationFactory(name="Fundación Caminos Seguros")
    leaving = UserFactory(full_name="Tomás Ibarra")
    colleague = UserFactory(full_name="Nadia Haddad")
    OrganizationMemberFactory(
        organization=organization, user=leaving, role=MemberRole.ADMINISTRATOR
    )
    OrganizationMemberFactory(organization=organization, user=colleague, role=MemberRole.EDITOR)

    # --- The only administrator is refused, and told what to do ---------------------------
    sign_in(page, leaving.email)
    _open_account_deletion(page)
    expect(page.get_by_role("alert")).to_contain_text(
        "You are the only administrator of Fundación Caminos Seguros. Before you delete your "
        "account, make another team member an administrator on the organization's team page."
    )
    expect(page.get_by_role("button", name="Delete my account permanently")).to_have_count(0)
    assert_accessible(page)

    # --- They follow the message's link and make a colleague administrator ------------------
    with page.expect_navigation():
        page.get_by_role("link", name=f"Team of {organization.name}").click()
    assert_accessible(page)
    colleague_row = page.get_by_role("row").filter(has_text=colleague.email)
    colleague_row.get_by_label(f"Role of {colleague.full_name}").select_option("administrator")
    with page.expect_navigation():
        colleague_row.get_by_role("button", name="Change role").click()
    expect(page.locator("body")).to_contain_text("The role was changed.")
    expect(
        page.get_by_role("row")
        .filter(has_text=colleague.email)
        .get_by_label(f"Role of {colleague.full_name}")
    ).to_have_value("administrator")
    assert_accessible(page)

    # --- Now the deletion form is offered; a wrong password is refused ---------------------
    _open_account_deletion(page)
    expect(page.get_by_role("alert")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Your password, to confirm").fill("not my password")
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my account permanently").click()
    expect(page.locator("body")).to_contain_text("The password is not correct.")
    assert_accessible(page)
    assert get_user_model().objects.filter(pk=leaving.pk).exists()

    page.get_by_label("Your password, to confirm").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my account permanently").click()
    expect(page.locator("body")).to_contain_text(
        "Your account and your personal data were deleted."
    )
    main_navigation = page.get_by_role("navigation", name="Main")
    expect(main_navigation.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(main_navigation.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)
    assert not get_user_model().objects.filter(pk=leaving.pk).exists()
    assert OrganizationMember.objects.get(user=colleague).role == MemberRole.ADMINISTRATOR

    # --- The old credentials no longer open a session --------------------------------------
    sign_in(page, leaving.email)
    expect(page.locator("body")).to_contain_text(
        "The email address and/or password you specified are not correct."
    )
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)
