"""The consultation journey in Chromium, from staff set-up to check-in.

Staff create and publish a consultation with an agenda and open registration; an invited
organization registers two delegates; the capacity waitlists the next; a cancellation
promotes the waitlisted delegate; staff check delegates in; the ICS file parses with
``icalendar``. Every page is scanned with axe-core (no serious or critical violation).
"""

import datetime
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Consultation, Invitation, Registration
from partners.choices import MemberRole
from tests.consultations.factories import (
    ContactFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
    annual_cso_series,
)
from tests.e2e.journey import sign_in
from tests.factories import SuperUserFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Annual CSO Consultation 2027"


def _context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    return context


def _admin_action(page, label: str, assert_accessible) -> None:
    page.goto("/en/admin/consultations/consultation/")
    assert_accessible(page)
    row = page.locator("#result_list tr", has_text=TITLE)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", label=label)
    with page.expect_navigation():
        page.get_by_role("button", name="Go", exact=True).first.click()
    expect(page.locator("body")).to_contain_text("1 consultation updated.")


def _register(page, name: str, email: str) -> None:
    page.fill("#id_full_name", name)
    page.fill("#id_email", email)
    page.fill("#id_position", "Programme officer")
    with page.expect_navigation():
        page.get_by_role("button", name="Register this delegate").click()


def test_staff_set_up_a_consultation_and_an_invited_organization_registers_its_delegates(
    browser, live_server, assert_accessible
):
    annual_cso_series()  # transactional tests flush data migrations: make sure it exists
    staff = SuperUserFactory()
    organization = VerifiedOrganizationFactory(name="Red Migrante Andina")
    ContactFactory(organization=organization, email="contacto@andina.example.org", is_primary=True)
    focal = UserFactory(email="focal@andina.example.org", full_name="Rosa Quispe")
    OrganizationMemberFactory(organization=organization, user=focal, role=MemberRole.EDITOR)
    starts = (
        (timezone.now() + datetime.timedelta(days=40))
        .astimezone(datetime.UTC)
        .replace(hour=8, minute=0, second=0, microsecond=0)
    )

    # --- Staff create the consultation with an agenda ------------------------------------
    staff_context = _context(browser, live_server)
    staff_page = staff_context.new_page()
    sign_in(staff_page, staff.email)
    staff_page.goto("/en/admin/consultations/consultation/add/")
    assert_accessible(staff_page)
    staff_page.select_option("#id_series", label="Annual CSO Consultation")
    staff_page.fill("#id_title", TITLE)
    staff_page.fill("#id_theme", "Local action for safe migration")
    staff_page.select_option("#id_time_zone", "UTC")
    staff_page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT08:00"))
    staff_page.fill("#id_ends_at", starts.strftime("%Y-%m-%dT17:00"))
    staff_page.fill("#id_venue", "Geneva")
    closes = starts - datetime.timedelta(days=10)
    staff_page.fill("#id_registration_closes_at", closes.strftime("%Y-%m-%dT12:00"))
    staff_page.fill("#id_capacity", "2")
    staff_page.fill("#id_max_delegates_per_organization", "3")
    staff_page.select_option("#id_eligibility", "invited")
    staff_page.get_by_text("Add another Agenda session").click()
    staff_page.fill("#id_sessions-0-title", "Opening plenary")
    staff_page.fill("#id_sessions-0-starts_at", starts.strftime("%Y-%m-%dT08:00"))
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Save", exact=True).click()
    expect(staff_page.locator("body")).to_contain_text("was added successfully")
    assert_accessible(staff_page)
    consultation = Consultation.objects.get(slug="annual-cso-consultation-2027")
    assert list(consultation.sessions.values_list("title", flat=True)) == ["Opening plenary"]

    # --- Publish and open registration through the workflow actions ----------------------
    _admin_action(staff_page, "Publish", assert_accessible)
    _admin_action(staff_page, "Open registration", assert_accessible)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.REGISTRATION_OPEN

    # --- Invite the organization, chosen with the registry's filters ----------------------
    staff_page.goto(f"/en/admin/consultations/consultation/{consultation.pk}/invite/")
    assert_accessible(staff_page)
    staff_page.fill("#id_q", "Andina")
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Show organizations").click()
    assert_accessible(staff_page)
    with staff_page.expect_navigation():
        staff_page.get_by_role(
            "button", name="Send invitations to the ticked organizations"
        ).click()
    invitation = Invitation.objects.get(consultation=consultation, organization=organization)
    assert invitation.status == Invitation.Status.SENT

    # --- The public page, with its calendar file ---------------------------------------
    partner_context = _context(browser, live_server)
    page = partner_context.new_page()
    page.goto("/en/consultations/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()
    expect(page.locator("body")).to_contain_text("Opening plenary")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TITLE
    assert event.decoded("DTSTART") == starts

    # --- The focal point follows the personal link and registers delegates ---------------
    sign_in(page, focal.email)
    page.goto(invitation.get_absolute_url())
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("Delegates of Red Migrante Andina")
    assert_accessible(page)
    _register(page, "Ana Mamani", "ana@andina.example.org")
    _register(page, "Luis Condori", "luis@andina.example.org")
    assert_accessible(page)
    _register(page, "Eva Torres", "eva@andina.example.org")
    expect(page.locator("body")).to_contain_text(
        "All seats are taken: Eva Torres is on the waiting list."
    )
    assert_accessible(page)
    statuses = dict(consultation.registrations.values_list("full_name", "status"))
    assert statuses == {
        "Ana Mamani": "confirmed",
        "Luis Condori": "confirmed",
        "Eva Torres": "waitlisted",
    }

    # --- A cancellation promotes the waitlisted delegate ---------------------------------
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel the registration of Luis Condori").click()
    expect(page.locator("body")).to_contain_text(
        "Eva Torres moved from the waiting list to a seat."
    )
    assert_accessible(page)
    assert Registration.objects.get(full_name="Eva Torres").status == "confirmed"
    assert Registration.objects.get(full_name="Luis Condori").status == "cancelled"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED

    # --- Staff check delegates in on the day ---------------------------------------------
    staff_page.goto(f"/en/admin/consultations/consultation/{consultation.pk}/check-in/")
    assert_accessible(staff_page)
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Check in Ana Mamani").click()
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Check in Eva Torres").click()
    expect(staff_page.locator("body")).to_contain_text("2 present of 2 confirmed delegates.")
    assert_accessible(staff_page)
    attendance = dict(
        consultation.registrations.filter(status="confirmed").values_list("full_name", "attendance")
    )
    assert attendance == {"Ana Mamani": "present", "Eva Torres": "present"}
    staff_context.close()
    partner_context.close()


def test_day_of_pages_work_on_a_phone_and_are_accessible(browser, live_server, assert_accessible):
    from tests.consultations.factories import (
        ConsultationFactory,
        DocumentFactory,
        RegistrationFactory,
        focal_point,
    )

    annual_cso_series()
    consultation = ConsultationFactory(title="Consultation on a phone")
    registration = RegistrationFactory(consultation=consultation, full_name="Phone Delegate")
    DocumentFactory(consultation=consultation, title="Briefing", visibility="participants")
    staff = SuperUserFactory()
    focal = focal_point(registration.organization, MemberRole.EDITOR)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, staff.email)
    for path in ("check-in", "badges", "statistics"):
        page.goto(f"/en/admin/consultations/consultation/{consultation.pk}/{path}/")
        assert "Phone Delegate" in page.content() or path == "statistics"
        assert_accessible(page)
    page.goto(f"/en/admin/consultations/consultation/{consultation.pk}/check-in/")
    with page.expect_navigation():
        page.get_by_role("button", name="Check in Phone Delegate").click()
    registration.refresh_from_db()
    assert registration.attendance == "present"
    # The check-in list fits the phone's width: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.clear_cookies()
    sign_in(page, focal.email)
    for path in ("/en/consultations/my-organizations/", consultation.get_absolute_url()):
        page.goto(path)
        assert_accessible(page)
    assert "Briefing" in page.content()  # participants-only document, after confirmation
    context.close()
