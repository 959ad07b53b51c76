"""A staff user verifies a pending organization in the admin; the public then finds it."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import SuperUserFactory
from tests.partners.factories import (
    CooperationRecordFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_verifies_a_pending_organization_and_the_public_finds_it(
    page, staff_login, assert_accessible
):
    staff = SuperUserFactory()
    organization = OrganizationFactory(
        name="Sahel Migrant Solidarity",
        acronym="SMS",
        headquarters_country="NE",
        description="Assistance and protection for migrants crossing the Sahel.",
    )
    network = NetworkFactory(name="Réseau Africain des Migrations")
    NetworkMembershipFactory(network=network, member=organization)
    CooperationRecordFactory(organization=organization, title="Migrant resource centre in Agadez")

    # Pending: the public gets a 404 and the directory does not list it.
    response = page.goto(f"/en/partners/{organization.slug}/")
    assert response.status == 404

    staff_login(staff)
    page.goto(f"/en/admin/partners/organization/{organization.pk}/change/")
    expect(page.get_by_text("Pending verification").first).to_be_visible()
    page.get_by_role("link", name="Verify", exact=True).click()
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".messagelist")).to_contain_text("is now Verified")

    page.goto(f"/en/admin/partners/organization/{organization.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("Verify")

    # Signed out, as the public.
    page.context.clear_cookies()
    page.goto("/en/partners/")
    page.get_by_label("Name, acronym or description").fill("sahel")
    # Several values of one filter: any of them matches.
    page.locator("details.facet > summary", has_text="IOM region").click()
    regions = page.get_by_role("group", name="IOM region")
    regions.get_by_label("West and Central Africa").check()
    regions.get_by_label("Middle East and North Africa").check()
    page.get_by_role("button", name="Show organizations").click()
    expect(page.get_by_role("heading", name=re.compile("1 organization found"))).to_be_visible()
    assert "q=sahel" in page.url
    assert "region=west_central_africa" in page.url
    assert "region=mena" in page.url
    expect(
        page.get_by_role("group", name="IOM region").get_by_label("Middle East and North Africa")
    ).to_be_checked()
    assert_accessible(page)

    page.get_by_role("link", name="Sahel Migrant Solidarity").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sahel Migrant Solidarity")
    expect(page.get_by_text("Réseau Africain des Migrations")).to_be_visible()
    expect(page.get_by_text("Migrant resource centre in Agadez")).to_be_visible()
    assert_accessible(page)
