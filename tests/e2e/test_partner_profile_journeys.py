"""A partner checks its profile and gives it a logo; a visitor uses the directory on a phone.

Every page is scanned with axe-core; screenshots at 1280 and 375 px are saved under
var/screenshots/partner-profile/ to be looked at.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, timezone
from PIL import Image
from playwright.sync_api import Page, ViewportSize, expect

from partners.choices import MemberRole
from partners.models import Organization
from partners.services import organization_derive_fields
from tests.consultations.factories import (
    AgendaSessionFactory,
    ConsultationFactory,
    RegistrationFactory,
)
from tests.e2e.journey import click_and_wait, sign_in
from tests.factories import UserFactory
from tests.partners.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "partner-profile"
WIDTHS: dict[str, ViewportSize] = {
    "1280": {"width": 1280, "height": 900},
    "375": {"width": 375, "height": 740},
}
PHONE: ViewportSize = {"width": 375, "height": 740}


def shoot(page: Page, name: str) -> None:
    """Full-page screenshots of the current page at 1280 and 375 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)


def logo_file(tmp_path: Path) -> Path:
    path = tmp_path / "sahel-logo.jpg"
    image = Image.new("RGB", (900, 600), (0, 121, 107))
    image.paste((255, 255, 255), (300, 150, 600, 450))
    image.save(path, format="JPEG")
    return path


@pytest.fixture
def partner():
    organization = VerifiedOrganizationFactory(
        name="Sahel Mobilité Solidaire",
        acronym="SMS",
        headquarters_country="SN",
        countries_of_operation=["SN", "ML", "NE"],
        activities=["migrant_assistance", "awareness_raising"],
        operating_settings=["humanitarian", "development"],
        description="Sahel Mobilité Solidaire runs information centres for migrants on the move.",
        mission_statement="Safe and dignified mobility across the Sahel.",
        public_phone="+221 33 800 12 34",
        website="https://sahel-mobilite.example.org",
        public_email="contact@sahel-mobilite.example.org",
        year_founded=2009,
    )
    organization_derive_fields(organization)
    organization.save()
    NetworkMembershipFactory(
        network=NetworkFactory(name="Red Africaine des Migrations", acronym="RAM"),
        member=organization,
    )
    administrator = UserFactory(email="fatou.ndiaye@sahel-mobilite.example.org")
    OrganizationMemberFactory(
        organization=organization, user=administrator, role=MemberRole.ADMINISTRATOR
    )
    viewer = UserFactory(email="moussa.ba@sahel-mobilite.example.org")
    OrganizationMemberFactory(organization=organization, user=viewer, role=MemberRole.VIEWER)
    return organization, administrator, viewer


def test_an_administrator_checks_the_overview_changes_a_step_and_uploads_a_logo(
    new_page, assert_accessible, partner, tmp_path
):
    organization, administrator, _viewer = partner
    page = new_page()
    sign_in(page, administrator.email)
    page.goto(f"/en/portal/org/{organization.pk}/")

    # --- The overview shows everything submitted, each row with its "Change" link ----------
    main = page.locator("main")
    for text in (
        "Mali, Niger, Senegal",
        "Migrant assistance, Awareness raising",
        "Safe and dignified mobility across the Sahel.",
        "+221 33 800 12 34",
        "https://sahel-mobilite.example.org",
        "contact@sahel-mobilite.example.org",
        "Red Africaine des Migrations",
    ):
        expect(main).to_contain_text(text)
    assert_accessible(page)
    shoot(page, "01-overview-before-logo")

    # --- "Change" on the phone number opens step 3 only, and saving comes back --------------
    click_and_wait(page, page.get_by_role("link", name="Change public phone"))
    expect(page.get_by_role("heading", name="Edit profile: Description and public contact"))
    expect(page.get_by_label("Name", exact=True)).to_have_count(0)
    assert_accessible(page)
    shoot(page, "02-edit-one-step")
    page.get_by_label("Public phone").fill("+221 33 800 99 99")
    click_and_wait(page, page.get_by_role("button", name="Save changes"))
    expect(page.locator(".messages")).to_contain_text("Your changes are saved.")
    expect(main).to_contain_text("+221 33 800 99 99")

    # --- A file that is not an image is refused with a clear message ------------------------
    click_and_wait(page, page.get_by_role("link", name="Add logo"))
    assert_accessible(page)
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    page.get_by_label("Logo").set_input_files(str(not_an_image))
    click_and_wait(page, page.get_by_role("button", name="Upload the logo"))
    expect(page.locator(".error-summary")).to_contain_text("The logo must be a PNG or JPEG image.")
    assert_accessible(page)
    shoot(page, "03-logo-refused")

    # --- A real logo is saved, re-encoded, and shown on the overview and the public page ---
    page.get_by_label("Logo").set_input_files(str(logo_file(tmp_path)))
    click_and_wait(page, page.get_by_role("button", name="Upload the logo"))
    expect(page.locator(".messages")).to_contain_text("The logo is saved.")
    logo = page.get_by_role("img", name="Logo of Sahel Mobilité Solidaire")
    expect(logo).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", logo.element_handle()) == 256
    assert_accessible(page)
    shoot(page, "04-overview-with-logo")
    organization.refresh_from_db()
    with organization.logo.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).format == "PNG"

    click_and_wait(page, page.get_by_role("link", name="See your public profile in the directory"))
    public_logo = page.locator("img.org-logo")
    expect(public_logo).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", public_logo.element_handle()) == 256
    assert_accessible(page)
    shoot(page, "05-public-page-with-logo")

    # --- The logo page offers to replace or remove it -------------------------------------
    page.goto(f"/en/portal/org/{organization.pk}/logo/")
    expect(page.get_by_role("img", name="Current logo of Sahel Mobilité Solidaire")).to_be_visible()
    assert_accessible(page)
    shoot(page, "06-logo-page")
    click_and_wait(page, page.get_by_role("button", name="Remove the logo"))
    expect(page.locator(".messages")).to_contain_text("The logo was removed.")
    assert not Organization.objects.get(pk=organization.pk).logo


def test_a_viewer_reads_the_overview_without_any_control(new_page, assert_accessible, partner):
    organization, _administrator, viewer = partner
    page = new_page(viewport=PHONE, is_mobile=True)
    sign_in(page, viewer.email)
    page.goto(f"/en/portal/org/{organization.pk}/")
    expect(page.locator("main")).to_contain_text("Mali, Niger, Senegal")
    expect(page.get_by_role("link", name="Add logo")).to_have_count(0)
    expect(page.get_by_role("link", name="Change public phone")).to_have_count(0)
    assert_accessible(page)
    response = page.goto(f"/en/portal/org/{organization.pk}/logo/")
    assert response is not None
    assert response.status == 404


def test_on_a_phone_the_first_directory_result_is_in_view_and_the_filters_open_on_demand(
    new_page, assert_accessible
):
    for number in range(12):
        VerifiedOrganizationFactory(name=f"Coastal Migrant Network {number:02}", level="local")
    VerifiedOrganizationFactory(name="Global Solidarity Alliance", level="global")
    page = new_page(viewport=PHONE, is_mobile=True)
    page.goto("/en/partners/")

    first = page.locator("ul.cards > li").first
    expect(first).to_be_visible()
    top = first.bounding_box()
    assert top is not None
    assert top["y"] < PHONE["height"] - 100, top  # its heading is on the first screen
    expect(page.get_by_label("Name, acronym or description")).to_be_hidden()
    assert_accessible(page)
    shoot(page, "07-directory")

    # The disclosure opens, a filter narrows the list, and the summary says what is in use.
    page.get_by_text("Search and filter").click()
    page.locator("details.facet > summary", has_text="Level of work").click()
    page.get_by_role("group", name="Level of work").get_by_label("Global").check()
    click_and_wait(page, page.get_by_role("button", name="Show organizations"))
    expect(page.get_by_role("heading", name="1 organization found")).to_be_visible()
    expect(page.locator("details.filters-disclosure > summary")).to_contain_text(
        "In use: Level of work"
    )
    assert_accessible(page)

    # On a wide screen the filters show without being asked for.
    wide = new_page(viewport=WIDTHS["1280"])
    wide.goto("/en/partners/")
    expect(wide.get_by_label("Name, acronym or description")).to_be_visible()
    expect(wide.get_by_text("Search and filter")).to_be_hidden()
    assert_accessible(wide)


def test_the_consultation_page_has_one_primary_action_the_seats_left_and_one_date_style(
    new_page, assert_accessible, partner
):
    organization, administrator, _viewer = partner
    starts = timezone.now() + datetime.timedelta(days=30)
    consultation = ConsultationFactory(
        title="Annual CSO Consultation 2027", capacity=120, starts_at=starts
    )
    AgendaSessionFactory(
        consultation=consultation,
        title="Opening and welcome",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
    )
    page = new_page(viewport=WIDTHS["1280"])
    page.goto(consultation.get_absolute_url())
    expect(page.locator(".seats")).to_contain_text("120 seats left")
    expect(page.locator("main .button")).to_have_count(1)
    expect(page.locator("main .button")).to_have_text("Register delegates")
    day = formats.date_format(timezone.localtime(starts, consultation.tz), "DATE_FORMAT")
    expect(page.locator("main table")).to_contain_text(day)
    assert_accessible(page)
    shoot(page, "08-consultation")

    RegistrationFactory(consultation=consultation, organization=organization)
    sign_in(page, administrator.email)
    page.goto("/en/consultations/my-organizations/")
    expect(page.locator("main table")).to_contain_text(day)
    assert_accessible(page)
    shoot(page, "09-my-consultations")
