"""The directory's network filter is an autocomplete: by keyboard, and without JavaScript."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.partners.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def networks():
    africa = NetworkFactory(name="Africa Migration Network", acronym="AMN")
    NetworkFactory(name="Africa Diaspora Forum")
    NetworkFactory(name="Asia Refugee Network")
    member = VerifiedOrganizationFactory(name="Kenya Refugee Aid")
    VerifiedOrganizationFactory(name="Outsider Association")
    NetworkMembershipFactory(network=africa, member=member)
    return africa


def test_a_visitor_chooses_a_network_with_the_keyboard_only(new_page, assert_accessible, networks):
    page = new_page()
    page.goto("/en/partners/")
    field = page.get_by_role("combobox", name="Member of network")
    field.focus()
    page.keyboard.type("africa migration")
    option = page.get_by_role("option", name="Africa Migration Network (AMN)")
    expect(option).to_be_visible()
    assert_accessible(page)  # with the list of suggestions open
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    page.keyboard.press("Enter")  # chooses
    expect(field).to_have_value("Africa Migration Network (AMN)")
    expect(page.get_by_role("listbox")).to_be_hidden()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the search form
    results = page.get_by_role("region", name="1 organization found")
    expect(results).to_contain_text("Kenya Refugee Aid")
    expect(results).not_to_contain_text("Outsider Association")
    expect(field).to_have_value("Africa Migration Network (AMN)")
    assert_accessible(page)


def test_without_javascript_a_typed_name_is_resolved_and_several_matches_offered(
    new_page, networks
):
    # (axe-core needs JavaScript: this page is scanned in the keyboard journey.)
    page = new_page(java_script_enabled=False)
    page.goto("/en/partners/")
    field = page.get_by_label("Member of network")
    field.fill("africa")
    with page.expect_navigation():
        page.get_by_role("button", name="Show organizations").click()
    expect(page.locator("body")).to_contain_text("Several match “africa”")
    with page.expect_navigation():
        page.get_by_role("button", name="Africa Migration Network (AMN)").click()
    expect(page.locator("body")).to_contain_text("Kenya Refugee Aid")
    expect(page.locator("body")).not_to_contain_text("Outsider Association")
    expect(page.get_by_label("Member of network")).to_have_value("Africa Migration Network (AMN)")


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "directory"


def test_a_visitor_combines_several_types_and_countries(new_page, assert_accessible):
    VerifiedOrganizationFactory(
        name="Nairobi Radio", partner_type="media", headquarters_country="KE"
    )
    VerifiedOrganizationFactory(
        name="Kampala Research Centre", partner_type="academic", headquarters_country="UG"
    )
    VerifiedOrganizationFactory(name="Paris Radio", partner_type="media", headquarters_country="FR")
    VerifiedOrganizationFactory(
        name="Nairobi Union", partner_type="union", headquarters_country="KE"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (375, 812)):
        page = new_page(viewport={"width": width, "height": height})
        page.goto("/en/partners/")
        if width < 800:  # on a phone the whole form is folded first
            page.locator("details.filters-disclosure > summary").click()
        # Each filter's list of values is folded until opened.
        page.locator("details.facet > summary", has_text="Type of organization").click()
        page.locator("details.facet > summary", has_text="Country").click()
        types = page.get_by_role("group", name="Type of organization")
        types.get_by_label("Media organization").check()
        types.get_by_label("Academic or research institute, university").check()
        search = page.locator("input.multiselect-search")  # the country list's search box
        countries = page.get_by_role("group", name="Country")
        for name in ("Kenya", "Uganda"):
            search.fill(name)
            countries.get_by_label(name, exact=True).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Show organizations").click()
        results = page.get_by_role("region", name="2 organizations found")
        expect(results).to_contain_text("Nairobi Radio")
        expect(results).to_contain_text("Kampala Research Centre")
        expect(results).not_to_contain_text("Paris Radio")
        expect(results).not_to_contain_text("Nairobi Union")
        if width < 800:
            disclosure = page.locator("details.filters-disclosure > summary")
            expect(disclosure).to_contain_text("In use: Type of organization, Country")
            disclosure.click()
        expect(
            page.locator("details.facet > summary", has_text="Type of organization")
        ).to_contain_text("2 chosen")
        expect(types.get_by_label("Media organization")).to_be_checked()
        expect(page.locator(".multiselect-chosen")).to_contain_text("Uganda")
        assert_accessible(page)
        page.screenshot(path=SCREENSHOTS / f"directory-filters-{width}.png", full_page=True)
