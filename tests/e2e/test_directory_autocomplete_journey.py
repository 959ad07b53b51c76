"""The directory's network filter is an autocomplete: by keyboard, and without JavaScript."""

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
