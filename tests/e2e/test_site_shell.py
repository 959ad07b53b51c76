"""The site shell in a real browser: home page, admin login (allauth) and a 404, with axe-core."""

import re

from playwright.sync_api import expect


def test_home_page_loads_and_is_accessible(page, assert_accessible):
    page.goto("/en/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Working together for migrants")
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/en/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_language_switcher_shows_the_page_in_french(page, assert_accessible):
    page.goto("/en/")

    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()

    expect(page).to_have_url(re.compile(r"/fr/$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)


def test_admin_login_is_the_allauth_sign_in_page_and_is_accessible(page, assert_accessible):
    page.goto("/en/admin/")

    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("Email")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    assert_accessible(page)


def test_staff_sign_in_through_allauth_opens_the_admin(page):
    from tests.factories import StaffUserFactory

    staff = StaffUserFactory(is_superuser=True)

    page.goto("/en/admin/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/en/admin/$"))
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()


def test_missing_page_shows_the_friendly_404_and_is_accessible(page, assert_accessible):
    response = page.goto("/en/this-page-does-not-exist/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    assert_accessible(page)
