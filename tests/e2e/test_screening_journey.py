"""Sanctions screening as a due-diligence officer does it, in Chromium: import the
Consolidated List in the admin, review the possible match with the partner and the list entry
side by side, confirm it; the registry then shows the serious concern, verification is
refused, and the partner's portal says nothing about it. Every page is scanned with axe-core.
"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from iomcso.core.models import OutboxMessage
from iomcso.core.roles import DUE_DILIGENCE_OFFICER, PARTNERSHIPS_OFFICER
from partners.choices import MemberRole
from partners.screening import tasks
from partners.screening.models import ListVersion, PossibleMatch
from tests.e2e.journey import click_and_wait, sign_in
from tests.factories import StaffUserFactory, UserFactory
from tests.partners.factories import OrganizationFactory, OrganizationMemberFactory
from tests.screening.conftest import FIXTURE

pytestmark = pytest.mark.django_db(transaction=True)


def _staff(role: str, full_name: str):
    user = StaffUserFactory(full_name=full_name)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_a_due_diligence_officer_imports_the_list_reviews_and_confirms_a_match(
    new_page, assert_accessible
):
    organization = OrganizationFactory(name="Al Rasheed Trust", headquarters_country="PK")
    OrganizationFactory(name="Islamic Relief Worldwide")
    partner = UserFactory(full_name="Partner Admin")
    OrganizationMemberFactory(
        organization=organization, user=partner, role=MemberRole.ADMINISTRATOR
    )
    officer = _staff(DUE_DILIGENCE_OFFICER, "Dana Diligence")
    registry_officer = _staff(PARTNERSHIPS_OFFICER, "Rita Registry")

    # The officer imports the list file.
    page = new_page()
    sign_in(page, officer.email)
    page.goto("/en/admin/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Sanctions list versions"))
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Import a list file"))
    assert_accessible(page)
    page.get_by_label("Consolidated List file (XML)").set_input_files(str(FIXTURE))
    click_and_wait(page, page.get_by_role("button", name="Import"))
    expect(page.locator(".messagelist")).to_contain_text("5 entries, 5 added")
    assert_accessible(page)

    # The worker screens the registry against what the import added.
    tasks.screen_list_version_task(version_id=ListVersion.objects.get().pk)

    page.goto("/en/admin/")
    click_and_wait(page, page.get_by_role("link", name="Possible sanctions matches"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("QDe.905")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Al Rasheed Trust"))
    expect(page.get_by_role("heading", name="Partner")).to_be_visible()
    expect(page.locator(".screening-side-by-side")).to_contain_text("مؤسسة الرشيد")
    expect(page.locator(".screening-side-by-side")).to_contain_text("Kitab Ghar")
    assert_accessible(page)

    # A decision without a reason is refused, with the form as typed.
    page.get_by_label("Confirmed match").check()
    click_and_wait(page, page.get_by_role("button", name="Record the decision"))
    expect(page.locator(".errorlist")).to_contain_text("This field is required")
    assert_accessible(page)
    page.get_by_label("Confirmed match").check()
    page.get_by_label("Reason").fill("Same address in Karachi and the same trustees.")
    click_and_wait(page, page.get_by_role("button", name="Record the decision"))
    expect(page.locator(".messagelist")).to_contain_text("Decision recorded: Confirmed match")
    assert PossibleMatch.objects.get().status == PossibleMatch.Status.CONFIRMED
    assert OutboxMessage.objects.filter(to=[registry_officer.email]).exists()

    # Registry staff see the serious concern; verification is refused.
    staff_page = new_page()
    sign_in(staff_page, registry_officer.email)
    staff_page.goto(f"/en/admin/partners/organization/{organization.pk}/change/")
    expect(staff_page.locator("body")).to_contain_text("Confirmed match with the UN Security")
    assert_accessible(staff_page)
    staff_page.goto(f"/en/admin/partners/organization/{organization.pk}/transition/verify/")
    click_and_wait(staff_page, staff_page.get_by_role("button", name="Verify"))
    expect(staff_page.locator(".messagelist")).to_contain_text("Consolidated List blocks")
    organization.refresh_from_db()
    assert organization.verification_status == "pending"

    # The partner's portal says nothing about screening.
    partner_page = new_page()
    sign_in(partner_page, partner.email)
    partner_page.goto("/en/portal/")
    expect(partner_page.locator("body")).not_to_contain_text(re.compile("sanction|QDe", re.I))
    assert_accessible(partner_page)


def test_the_review_page_stacks_partner_and_entry_on_a_phone(new_page, assert_accessible):
    from partners.screening import services
    from tests.screening.conftest import fixture_bytes

    services.list_import(content=fixture_bytes(), source="fixture")
    organization = OrganizationFactory(name="Al-Rashîd Trüst")
    services.organization_screen(organization_id=organization.pk)
    match = PossibleMatch.objects.get()
    officer = _staff(DUE_DILIGENCE_OFFICER, "Dana Diligence")

    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
    sign_in(page, officer.email)
    page.goto(f"/en/admin/screening/possiblematch/{match.pk}/change/")
    partner_box = page.locator(".screening-side-by-side section").first
    entry_box = page.locator(".screening-side-by-side section").last
    assert partner_box.bounding_box()["y"] < entry_box.bounding_box()["y"]
    assert_accessible(page)
