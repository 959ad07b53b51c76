"""Each staff group signs in, lands on its work, and does its main task from there, without
typing a URL. Every admin page visited is scanned with axe-core (and the home and dashboard in
French and Spanish too); screenshots at 1280 and 375 px go to var/screenshots/staff-workspace/
for review by eye."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from consultations.models import Registration
from iomcso.core import workspace
from iomcso.core.roles import CONSULTATIONS_OFFICER, PARTNERSHIPS_OFFICER
from observers.models import Assessment
from partners.choices import VerificationStatus
from tests.consultations.factories import ConsultationFactory, RegistrationFactory
from tests.e2e.journey import click_and_wait, sign_in
from tests.factories import StaffUserFactory, SuperUserFactory
from tests.observers.factories import applicant, application_under_review, reviewer
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "staff-workspace"
WIDE, NARROW = 1280, 375


@pytest.fixture(autouse=True)
def _fresh_dashboard():
    workspace.dashboard_aggregates_forget()
    yield
    workspace.dashboard_aggregates_forget()


def staff_in(group_name: str):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def look(page: Page, assert_accessible, name: str) -> None:
    """Scan the page, then photograph it at 1280 px and at 375 px; nothing wider than the
    window at 1280 px."""
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": WIDE, "height": 900})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDE, f"{page.url} is {width} px wide at {WIDE} px"
    page.screenshot(path=SCREENSHOTS / f"{name}-{WIDE}.png", full_page=True)
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.screenshot(path=SCREENSHOTS / f"{name}-{NARROW}.png", full_page=True)
    page.set_viewport_size({"width": WIDE, "height": 900})


def scan_in_other_languages(page: Page, assert_accessible, paths: list[str]) -> None:
    for language in ("fr", "es"):
        for path in paths:
            page.goto(f"/{language}{path}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert_accessible(page)


def test_registry_officer_verifies_the_oldest_pending_organization_from_the_home(
    page, assert_accessible
):
    organization = OrganizationFactory(name="Harbour Refugee Aid")
    officer = staff_in(PARTNERSHIPS_OFFICER)

    sign_in(page, officer.email)
    expect(page).to_have_url(re.compile(r"/en/admin/$"))
    expect(page.get_by_role("heading", name=re.compile("Pending verifications"))).to_be_visible()
    look(page, assert_accessible, "registry-officer-home")
    click_and_wait(page, page.get_by_role("link", name="Harbour Refugee Aid"))
    look(page, assert_accessible, "registry-officer-organization")
    click_and_wait(page, page.get_by_role("link", name="Verify"))
    look(page, assert_accessible, "registry-officer-verify")
    click_and_wait(page, page.get_by_role("button", name="Verify"))
    expect(page.get_by_text("Harbour Refugee Aid is now Verified.")).to_be_visible()

    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.VERIFIED
    scan_in_other_languages(page, assert_accessible, ["/admin/"])


def test_consultation_officer_checks_in_a_delegate_from_the_upcoming_consultation(
    page, assert_accessible
):
    consultation = ConsultationFactory(title="Annual CSO Consultation 2027", capacity=40)
    registration = RegistrationFactory(consultation=consultation, full_name="Ana Delegate")
    officer = staff_in(CONSULTATIONS_OFFICER)

    sign_in(page, officer.email)
    expect(page).to_have_url(re.compile(r"/en/admin/$"))
    expect(page.get_by_text("1 of 40 seats taken")).to_be_visible()
    look(page, assert_accessible, "consultation-officer-home")
    click_and_wait(page, page.get_by_role("link", name="Annual CSO Consultation 2027").first)
    look(page, assert_accessible, "consultation-officer-consultation")
    click_and_wait(page, page.get_by_role("link", name="Check-in list"))
    click_and_wait(page, page.get_by_role("button", name="Check in Ana Delegate"))
    expect(page.get_by_text("Ana Delegate: Present")).to_be_visible()
    look(page, assert_accessible, "consultation-officer-check-in")

    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.PRESENT
    scan_in_other_languages(page, assert_accessible, ["/admin/"])


def test_observer_reviewer_assesses_the_application_waiting_for_them(page, assert_accessible):
    organization, administrator = applicant(name="Global Migrant Rights Alliance")
    staff = reviewer()
    application = application_under_review(organization, administrator, reviewer())

    sign_in(page, staff.email)
    expect(page).to_have_url(re.compile(r"/en/admin/$"))
    expect(page.get_by_role("link", name="Reviewer desk", exact=True)).to_be_visible()
    look(page, assert_accessible, "observer-reviewer-home")
    click_and_wait(page, page.get_by_role("link", name="Global Migrant Rights Alliance"))
    for outcome in page.locator("select[id^=id_outcome_]").all():
        outcome.select_option("met")
    click_and_wait(page, page.get_by_role("button", name="Save my assessment"))
    expect(page.get_by_text("Your assessment is saved (5 criteria).")).to_be_visible()
    look(page, assert_accessible, "observer-reviewer-assessment")

    assert Assessment.objects.filter(application=application, reviewer=staff).count() == 5
    scan_in_other_languages(page, assert_accessible, ["/admin/"])


def test_superuser_opens_the_dashboard_and_follows_a_country_on_the_map(page, assert_accessible):
    OrganizationFactory(name="Nairobi Migrant Voices", headquarters_country="KE")
    OrganizationFactory(name="Geneva Exile Forum", headquarters_country="CH")

    sign_in(page, SuperUserFactory().email)
    expect(page).to_have_url(re.compile(r"/en/admin/$"))
    look(page, assert_accessible, "superuser-home")
    click_and_wait(page, page.get_by_role("link", name="Dashboard", exact=True))
    expect(page.get_by_role("heading", name="Partners by headquarters country")).to_be_visible()
    look(page, assert_accessible, "superuser-dashboard")
    click_and_wait(page, page.get_by_role("link", name="Kenya: 1"))
    expect(page.get_by_role("link", name="Nairobi Migrant Voices")).to_be_visible()
    expect(page.get_by_role("link", name="Geneva Exile Forum")).to_have_count(0)
    look(page, assert_accessible, "superuser-map-country")
    scan_in_other_languages(page, assert_accessible, ["/admin/", "/admin/dashboard/"])
