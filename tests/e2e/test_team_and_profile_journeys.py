"""Team and profile upkeep in Chromium: an administrator's team page, an editor's contacts
and cooperation history, and the same forms on a phone.

Every page the journeys visit is scanned with axe-core (no serious or critical violation).
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from iomcso.core.models import OutboxMessage
from partners.choices import CooperationKind, MemberRole
from partners.models import Contact, CooperationRecord, OrganizationInvitation, OrganizationMember
from tests.e2e.journey import click_and_wait, sign_in
from tests.factories import UserFactory
from tests.partners.factories import (
    ContactFactory,
    CooperationRecordFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

LAST_ADMINISTRATOR = (
    "An organization needs at least one administrator. Name another administrator first."
)
INVITATION_NO_LONGER_VALID = (
    "This invitation is no longer valid: it was already used, withdrawn, or it is more than "
    "14 days old. Ask the organization's administrator for a new one."
)
PHONE_WIDTH = 375

pytestmark = pytest.mark.django_db(transaction=True)


def _open_organization_page(page, organization, name: str) -> None:
    """From the organization's overview, follow one of its page links (Team, Contacts...)."""
    page.goto(f"/en/portal/org/{organization.pk}/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Organization pages").get_by_role(
            "link", name=name, exact=True
        ).click()


def _invitation_link(email: str) -> str:
    """The path of the invitation link in the latest email to ``email``."""
    message = OutboxMessage.objects.filter(to=[email]).order_by("-created_at").first()
    assert message is not None, f"no email to {email}"
    found = re.search(r"https?://\S+/portal/invitations/\S+/", message.body_text)
    assert found is not None, f"no invitation link in the email to {email}"
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


def _member_row(page, email: str):
    return page.get_by_role("row").filter(has_text=email)


def _status(page):
    """The page's messages: news as role=status, refusals as role=alert."""
    return page.locator(".messages")


def test_administrator_manages_invitations_roles_and_members_and_the_last_administrator_stays(
    new_page, assert_accessible
):
    organization = VerifiedOrganizationFactory(name="Centro de Apoyo al Migrante Tijuana")
    administrator = UserFactory(full_name="Carmen Vidal", email="carmen@apoyo.example.org")
    promoted = UserFactory(full_name="Luis Ortega", email="luis@apoyo.example.org")
    leaving = UserFactory(full_name="Jonas Weber", email="jonas@apoyo.example.org")
    viewer = UserFactory(full_name="Ana Souza", email="ana@apoyo.example.org")
    invitee = UserFactory(full_name="Amara Okafor", email="amara@apoyo.example.org")
    for user, role in (
        (administrator, MemberRole.ADMINISTRATOR),
        (promoted, MemberRole.VIEWER),
        (leaving, MemberRole.EDITOR),
        (viewer, MemberRole.VIEWER),
    ):
        OrganizationMemberFactory(organization=organization, user=user, role=role)

    # --- The administrator invites a colleague, as a viewer (the default role) --------------
    admin_page = new_page()
    sign_in(admin_page, administrator.email)
    _open_organization_page(admin_page, organization, "Team")
    expect(admin_page.get_by_role("heading", name="Invite a colleague")).to_be_visible()
    assert_accessible(admin_page)
    admin_page.get_by_label("Email address of your colleague").fill(invitee.email)
    expect(admin_page.get_by_label("Role", exact=True)).to_have_value(MemberRole.VIEWER)
    click_and_wait(admin_page, admin_page.get_by_role("button", name="Send invitation"))
    expect(_status(admin_page)).to_contain_text(
        f"An invitation was sent to {invitee.email}. The link is valid for 14 days."
    )
    expect(admin_page.get_by_role("row").filter(has_text=invitee.email)).to_contain_text("Viewer")
    assert_accessible(admin_page)
    first_link = _invitation_link(invitee.email)

    # --- The colleague opens the link in their own browser: it offers to accept -----------
    invitee_page = new_page()
    sign_in(invitee_page, invitee.email)
    invitee_page.goto(first_link)
    expect(invitee_page.locator("body")).to_contain_text(
        f"{invitee.email} is invited to join the team of {organization.name} as Viewer."
    )
    expect(invitee_page.get_by_role("button", name="Accept the invitation")).to_be_visible()
    assert_accessible(invitee_page)

    # --- The administrator withdraws it; the same link now refuses, and says why ----------
    click_and_wait(
        admin_page,
        admin_page.get_by_role("button", name=f"Withdraw invitation to {invitee.email}"),
    )
    expect(_status(admin_page)).to_contain_text("The invitation was withdrawn.")
    expect(admin_page.get_by_role("heading", name="Open invitations")).to_have_count(0)
    assert_accessible(admin_page)
    assert OrganizationInvitation.objects.get(email=invitee.email).revoked_at is not None

    response = invitee_page.goto(first_link)
    assert response is not None
    assert response.status == 410
    expect(invitee_page.locator("body")).to_contain_text(INVITATION_NO_LONGER_VALID)
    expect(invitee_page.get_by_role("button", name="Accept the invitation")).to_have_count(0)
    assert_accessible(invitee_page)

    # --- Invited again, the colleague accepts the new link and joins as a viewer ----------
    admin_page.get_by_label("Email address of your colleague").fill(invitee.email)
    click_and_wait(admin_page, admin_page.get_by_role("button", name="Send invitation"))
    expect(_status(admin_page)).to_contain_text(f"An invitation was sent to {invitee.email}.")
    second_link = _invitation_link(invitee.email)
    assert second_link != first_link

    invitee_page.goto(second_link)
    click_and_wait(invitee_page, invitee_page.get_by_role("button", name="Accept the invitation"))
    expect(_status(invitee_page)).to_contain_text(f"Welcome to the team of {organization.name}.")
    expect(invitee_page.locator("body")).to_contain_text("Your role: Viewer")
    assert_accessible(invitee_page)
    assert OrganizationMember.objects.get(user=invitee).role == MemberRole.VIEWER
    assert invitee_page.goto(first_link).status == 410

    # --- A viewer is made an editor ---------------------------------------------------------
    admin_page.reload()
    expect(_member_row(admin_page, invitee.email)).to_contain_text("Amara Okafor")
    promoted_role = _member_row(admin_page, promoted.email).get_by_label("Role of Luis Ortega")
    expect(promoted_role).to_have_value(MemberRole.VIEWER)
    promoted_role.select_option(MemberRole.EDITOR)
    click_and_wait(
        admin_page,
        _member_row(admin_page, promoted.email).get_by_role("button", name="Change role"),
    )
    expect(_status(admin_page)).to_contain_text("The role was changed.")
    expect(
        _member_row(admin_page, promoted.email).get_by_label("Role of Luis Ortega")
    ).to_have_value(MemberRole.EDITOR)
    assert_accessible(admin_page)
    assert OrganizationMember.objects.get(user=promoted).role == MemberRole.EDITOR

    # --- A member is removed, and from then on their portal pages are not found -----------
    leaving_page = new_page()
    sign_in(leaving_page, leaving.email)
    assert leaving_page.goto(f"/en/portal/org/{organization.pk}/").status == 200
    expect(leaving_page.get_by_role("heading", name=organization.name)).to_be_visible()

    click_and_wait(admin_page, admin_page.get_by_role("button", name="Remove Jonas Weber"))
    expect(_status(admin_page)).to_contain_text("The member was removed from the team.")
    expect(_member_row(admin_page, leaving.email)).to_have_count(0)
    assert_accessible(admin_page)
    assert not OrganizationMember.objects.filter(user=leaving).exists()

    for path in ("", "team/", "contacts/", "cooperation/"):
        response = leaving_page.goto(f"/en/portal/org/{organization.pk}/{path}")
        assert response is not None
        assert response.status == 404, path
        expect(leaving_page.locator("body")).to_contain_text("Page not found")
    assert_accessible(leaving_page)

    # --- The only administrator can neither step down nor be removed ----------------------
    own_role = _member_row(admin_page, administrator.email).get_by_label("Role of Carmen Vidal")
    own_role.select_option(MemberRole.VIEWER)
    click_and_wait(
        admin_page,
        _member_row(admin_page, administrator.email).get_by_role("button", name="Change role"),
    )
    expect(_status(admin_page)).to_contain_text(LAST_ADMINISTRATOR)
    expect(
        _member_row(admin_page, administrator.email).get_by_label("Role of Carmen Vidal")
    ).to_have_value(MemberRole.ADMINISTRATOR)
    assert_accessible(admin_page)

    click_and_wait(admin_page, admin_page.get_by_role("button", name="Remove Carmen Vidal"))
    expect(_status(admin_page)).to_contain_text(LAST_ADMINISTRATOR)
    expect(_member_row(admin_page, administrator.email)).to_be_visible()
    assert OrganizationMember.objects.get(user=administrator).role == MemberRole.ADMINISTRATOR

    # --- A viewer sees the team, without the controls to change it ------------------------
    viewer_page = new_page()
    sign_in(viewer_page, viewer.email)
    _open_organization_page(viewer_page, organization, "Team")
    expect(viewer_page.get_by_role("heading", name="Team members")).to_be_visible()
    expect(_member_row(viewer_page, promoted.email)).to_contain_text("Editor")
    expect(_member_row(viewer_page, administrator.email)).to_contain_text("Administrator")
    expect(_member_row(viewer_page, invitee.email)).to_contain_text("Viewer")
    expect(_member_row(viewer_page, leaving.email)).to_have_count(0)
    expect(viewer_page.get_by_role("heading", name="Invite a colleague")).to_have_count(0)
    expect(viewer_page.get_by_role("button", name="Send invitation")).to_have_count(0)
    expect(viewer_page.get_by_role("button", name="Change role")).to_have_count(0)
    expect(viewer_page.get_by_role("main").get_by_role("combobox")).to_have_count(0)
    expect(viewer_page.get_by_role("button", name=re.compile(r"^Remove "))).to_have_count(0)
    assert_accessible(viewer_page)

    # ...and posting to those addresses directly is refused like an outsider's request.
    client = Client()
    client.force_login(viewer)
    viewer_member = OrganizationMember.objects.get(user=viewer)
    administrator_member = OrganizationMember.objects.get(user=administrator)
    ids = {"organization_id": organization.pk}
    refused = {
        "invite": client.post(
            reverse("portal:invitation_create", kwargs=ids),
            {"email": "friend@example.org", "role": MemberRole.ADMINISTRATOR},
        ),
        "own role": client.post(
            reverse("portal:member_change_role", kwargs={**ids, "member_id": viewer_member.pk}),
            {"role": MemberRole.ADMINISTRATOR},
        ),
        "remove": client.post(
            reverse("portal:member_remove", kwargs={**ids, "member_id": administrator_member.pk})
        ),
    }
    assert {action: response.status_code for action, response in refused.items()} == {
        "invite": 404,
        "own role": 404,
        "remove": 404,
    }
    assert not OrganizationInvitation.objects.filter(email="friend@example.org").exists()
    viewer_member.refresh_from_db()
    assert viewer_member.role == MemberRole.VIEWER
    assert OrganizationMember.objects.filter(pk=administrator_member.pk).exists()


def test_editor_keeps_contacts_and_cooperation_and_the_directory_shows_only_public_cooperation(
    new_page, assert_accessible
):
    organization = VerifiedOrganizationFactory(name="Fundación Rutas Seguras")
    editor = UserFactory(full_name="Inès Moreau")
    OrganizationMemberFactory(organization=organization, user=editor, role=MemberRole.EDITOR)
    ContactFactory(
        organization=organization,
        name="Pedro Alvarado",
        email="pedro@rutas.example.org",
        phone="+52 55 1234 5678",
    )
    CooperationRecordFactory(
        organization=organization, title="Internal review of the shelter pilot", is_public=False
    )

    # --- Contacts: a first try with a bad email and phone is refused, field by field -------
    page = new_page()
    sign_in(page, editor.email)
    _open_organization_page(page, organization, "Contacts")
    expect(page.locator("body")).to_contain_text(
        "Contacts are personal data: they are never shown publicly."
    )
    expect(page.get_by_role("row").filter(has_text="Pedro Alvarado")).to_be_visible()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Add a contact"))
    expect(page.get_by_role("heading", name="Add a contact")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name", exact=True).fill("María López")
    page.get_by_label("Position").fill("Protection coordinator")
    page.get_by_label("Email").fill("maria.lopez@")
    page.get_by_label("Phone").fill("call me after five")
    page.get_by_role("checkbox", name="French").check()
    page.get_by_role("checkbox", name="Spanish").check()
    page.get_by_label("Primary contact").check()
    click_and_wait(page, page.get_by_role("button", name="Save"))
    expect(page.locator(".error-summary")).to_contain_text("There is a problem")
    expect(page.get_by_label("Email")).to_have_accessible_description(
        "Enter a valid email address."
    )
    expect(page.get_by_label("Phone")).to_have_accessible_description(
        "Enter a phone number such as +41 22 717 91 11."
    )
    expect(page.get_by_label("Name", exact=True)).to_have_value("María López")
    expect(page.get_by_role("checkbox", name="French")).to_be_checked()
    assert_accessible(page)
    assert list(organization.contacts.values_list("name", flat=True)) == ["Pedro Alvarado"]

    # --- Corrected, the contact is saved with everything typed ----------------------------
    page.get_by_label("Email").fill("maria.lopez@rutas.example.org")
    page.get_by_label("Phone").fill("+52 664 123 4567")
    click_and_wait(page, page.get_by_role("button", name="Save"))
    expect(_status(page)).to_contain_text("The contact was saved.")
    new_row = page.get_by_role("row").filter(has_text="María López")
    expect(new_row).to_contain_text("primary")
    expect(new_row).to_contain_text("maria.lopez@rutas.example.org")
    expect(new_row).to_contain_text("+52 664 123 4567")
    assert_accessible(page)
    contact = Contact.objects.get(organization=organization, name="María López")
    assert (contact.position, contact.email, contact.phone, contact.is_primary) == (
        "Protection coordinator",
        "maria.lopez@rutas.example.org",
        "+52 664 123 4567",
        True,
    )
    assert sorted(contact.languages) == ["es", "fr"]

    # --- Edited: the form opens with the saved values -------------------------------------
    click_and_wait(page, page.get_by_role("link", name="Edit María López"))
    expect(page.get_by_role("heading", name="Edit contact")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("maria.lopez@rutas.example.org")
    expect(page.get_by_role("checkbox", name="Spanish")).to_be_checked()
    expect(page.get_by_label("English")).not_to_be_checked()
    assert_accessible(page)
    page.get_by_label("Position").fill("Head of protection")
    click_and_wait(page, page.get_by_role("button", name="Save"))
    expect(_status(page)).to_contain_text("The contact was saved.")
    expect(page.get_by_role("row").filter(has_text="María López")).to_contain_text(
        "Head of protection"
    )
    contact.refresh_from_db()
    assert contact.position == "Head of protection"

    # --- Another contact is deleted ---------------------------------------------------------
    click_and_wait(page, page.get_by_role("button", name="Delete Pedro Alvarado"))
    expect(_status(page)).to_contain_text("The contact was deleted.")
    expect(page.get_by_role("row").filter(has_text="Pedro Alvarado")).to_have_count(0)
    assert_accessible(page)
    assert list(organization.contacts.values_list("name", flat=True)) == ["María López"]

    # --- Cooperation: the kinds are the registry's; an end before the start is refused -----
    _open_organization_page(page, organization, "Cooperation with IOM")
    expect(
        page.get_by_role("row").filter(has_text="Internal review of the shelter pilot")
    ).to_contain_text("No")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Add a cooperation record"))
    expect(page.get_by_role("heading", name="Add a cooperation record")).to_be_visible()
    kind_labels = page.get_by_label("Kind").locator("option").all_inner_texts()
    assert [label for label in kind_labels if label != "Choose…"] == [
        str(label) for label in CooperationKind.labels
    ]
    assert_accessible(page)
    page.get_by_label("Kind").select_option(label="Training")
    page.get_by_label("Title").fill("Counter-trafficking training for border officials")
    page.get_by_label("IOM office or region").fill("IOM Tijuana")
    page.get_by_label("Start date").fill("2024-05-01")
    page.get_by_label("End date").fill("2024-02-01")
    expect(page.get_by_label("Shown publicly")).to_be_checked()
    click_and_wait(page, page.get_by_role("button", name="Save"))
    expect(page.locator(".error-summary")).to_contain_text("There is a problem")
    expect(page.get_by_label("End date")).to_have_accessible_description(
        "The end date cannot be before the start date."
    )
    assert_accessible(page)
    assert organization.cooperation_records.count() == 1

    page.get_by_label("End date").fill("2024-11-30")
    click_and_wait(page, page.get_by_role("button", name="Save"))
    expect(_status(page)).to_contain_text("The cooperation record was saved.")
    record_row = page.get_by_role("row").filter(has_text="Counter-trafficking training")
    expect(record_row).to_contain_text("Training")
    expect(record_row).to_contain_text("Yes")
    assert_accessible(page)
    record = CooperationRecord.objects.get(
        organization=organization, title="Counter-trafficking training for border officials"
    )
    assert (record.kind, record.start_date, record.end_date, record.is_public) == (
        CooperationKind.TRAINING,
        datetime.date(2024, 5, 1),
        datetime.date(2024, 11, 30),
        True,
    )

    # --- The public directory shows the public record, never the contacts -----------------
    page.goto(organization.get_absolute_url())
    expect(page.get_by_role("heading", name=organization.name)).to_be_visible()
    public_row = page.get_by_role("row").filter(
        has_text="Counter-trafficking training for border officials"
    )
    expect(public_row).to_contain_text("Training")
    expect(public_row).to_contain_text("IOM Tijuana")
    expect(public_row).to_contain_text("2024")
    body = page.locator("body")
    for private in (
        "Internal review of the shelter pilot",
        "María López",
        "maria.lopez@rutas.example.org",
        "+52 664 123 4567",
        "Head of protection",
        "Pedro Alvarado",
    ):
        expect(body).not_to_contain_text(private)
    assert_accessible(page)


def _assert_fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH + 1, f"{page.url} is {width}px wide on a {PHONE_WIDTH}px screen"


def test_contact_form_and_team_page_work_on_a_phone_without_sideways_scrolling(
    new_page, assert_accessible
):
    organization = VerifiedOrganizationFactory(
        name="Asociación Intercultural de Apoyo a Personas Migrantes y Refugiadas del Norte"
    )
    administrator = UserFactory(
        full_name="Guadalupe Fernández de la Torre",
        email="coordinacion.general.programas@apoyo-migrantes-del-norte.example.org",
    )
    OrganizationMemberFactory(
        organization=organization, user=administrator, role=MemberRole.ADMINISTRATOR
    )
    OrganizationMemberFactory(
        organization=organization,
        user=UserFactory(full_name="Kwame Mensah"),
        role=MemberRole.EDITOR,
    )

    page = new_page(viewport={"width": PHONE_WIDTH, "height": 740}, is_mobile=True, has_touch=True)
    sign_in(page, administrator.email)

    # --- The contact form, refused then saved, on a phone ---------------------------------
    _open_organization_page(page, organization, "Contacts")
    click_and_wait(page, page.get_by_role("link", name="Add a contact"))
    _assert_fits_the_phone(page)
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Fatoumata Diallo")
    page.get_by_label("Email").fill("fatoumata.diallo.coordination@apoyo-migrantes.example.org")
    page.get_by_label("Phone").fill("not a number")
    page.get_by_role("checkbox", name="French").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").tap()
    expect(page.get_by_label("Phone")).to_have_accessible_description(
        "Enter a phone number such as +41 22 717 91 11."
    )
    _assert_fits_the_phone(page)
    assert_accessible(page)
    assert not organization.contacts.exists()

    page.get_by_label("Phone").fill("+221 33 123 45 67")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").tap()
    expect(_status(page)).to_contain_text("The contact was saved.")
    expect(page.get_by_role("row").filter(has_text="Fatoumata Diallo")).to_contain_text(
        "+221 33 123 45 67"
    )
    _assert_fits_the_phone(page)
    assert_accessible(page)
    assert organization.contacts.get().phone == "+221 33 123 45 67"

    # --- The team page, with an open invitation, on a phone -------------------------------
    _open_organization_page(page, organization, "Team")
    _assert_fits_the_phone(page)
    assert_accessible(page)
    invited = "responsable.proteccion.infancia@apoyo-migrantes-del-norte.example.org"
    page.get_by_label("Email address of your colleague").fill(invited)
    page.get_by_label("Role", exact=True).select_option(MemberRole.EDITOR)
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitation").tap()
    expect(_status(page)).to_contain_text(f"An invitation was sent to {invited}.")
    expect(page.get_by_role("button", name=f"Withdraw invitation to {invited}")).to_be_visible()
    _assert_fits_the_phone(page)
    assert_accessible(page)
    assert OrganizationInvitation.objects.get(email=invited).role == MemberRole.EDITOR
