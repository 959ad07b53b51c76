"""The Observer-status journey in Chromium, every page scanned with axe-core."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from observers.models import Observer, ObserverApplication
from tests.observers.factories import CouncilSessionFactory, applicant, reviewer

pytestmark = pytest.mark.e2e

STATEMENTS = {
    "principal_activity": "Assistance to migrants and refugees is our statutory purpose.",
    "constitution": "Our statutes uphold humane and orderly migration.",
    "cooperation_history": "Joint projects with IOM since 2021.",
    "international": "We work in Switzerland, Kenya and Uganda.",
    "ecosoc": "Special consultative status since 2012.",
}


def sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def write_step(page, assert_accessible, criterion: str, *, button: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step")
    assert_accessible(page)
    page.get_by_label("Your statement").fill(STATEMENTS[criterion])
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_an_international_ngo_applies_and_becomes_an_observer(
    page, live_server, staff_login, assert_accessible, deliver_outbox
):
    organization, admin = applicant(name="Global Migrant Rights Alliance")
    staff = reviewer()
    session = CouncilSessionFactory(number=117)

    # First visit: three statements, then the applicant leaves.
    staff_login(admin)
    page.goto("/en/observers/apply/")
    assert_accessible(page)
    expect(page.get_by_text("ECOSOC letter on file").first).to_be_visible()
    page.get_by_role("button", name="Start an application").click()
    write_step(page, assert_accessible, "principal_activity", button="Save and continue")
    write_step(page, assert_accessible, "constitution", button="Save and continue")
    write_step(page, assert_accessible, "cooperation_history", button="Save draft")
    expect(page.get_by_text("Saved.")).to_be_visible()
    sign_out(page)

    # Second visit: the draft is there; two more statements, evidence reused, submit.
    staff_login(admin)
    page.goto("/en/observers/apply/")
    with page.expect_navigation():
        page.get_by_role("link", name="Open the application").click()
    assert_accessible(page)
    expect(page.get_by_text(STATEMENTS["constitution"])).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^4\. International")).click()
    write_step(page, assert_accessible, "international", button="Save and continue")
    page.get_by_label("ECOSOC letter").check()
    write_step(page, assert_accessible, "ecosoc", button="Save and continue")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Observer-status application")
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("Your application has been submitted.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # A reviewer asks for information.
    staff_login(staff)
    page.goto("/en/observers/review/")
    assert_accessible(page)
    page.get_by_role("link", name="Global Migrant Rights Alliance").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the review").click()
    assert_accessible(page)
    page.get_by_label("What information is needed?").fill("Please attach your statutes.")
    page.get_by_role("button", name="Request information").click()
    expect(page.get_by_text("The request for information was sent.")).to_be_visible()
    sign_out(page)

    # The applicant answers.
    staff_login(admin)
    application = ObserverApplication.objects.get(organization=organization)
    page.goto(f"/en/observers/applications/{application.pk}/")
    expect(page.get_by_text("Please attach your statutes.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Comment").fill("Our statutes are attached to the constitution step.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer has been sent to IOM.")).to_be_visible()
    sign_out(page)

    # The reviewer assesses all five criteria and recommends; staff record the decision.
    staff_login(staff)
    page.goto(f"/en/observers/review/{application.pk}/")
    page.get_by_role("button", name="Start the review").click()
    for criterion in STATEMENTS:
        page.locator(f"#id_outcome_{criterion}").select_option("met")
    page.get_by_role("button", name="Save my assessment").click()
    expect(page.get_by_text("Your assessment is saved (5 criteria).")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Recommend to the Council").click()
    expect(page.get_by_text("The application is recommended to the Council.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Granted").check()
    page.get_by_label("Council session").select_option(str(session.pk))
    page.get_by_label("Decision reference").fill("C/117/RES/12")
    page.get_by_label("Date of the decision").fill(session.starts_on.isoformat())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The Council's decision is recorded.")).to_be_visible()
    assert_accessible(page)

    # The organization is on the public list of observers.
    page.goto("/en/observers/")
    expect(
        page.get_by_role("row", name=re.compile("Global Migrant Rights Alliance"))
    ).to_be_visible()
    assert_accessible(page)
    assert Observer.objects.get(organization=organization).session == session

    # The applicant got an email at each step.
    deliver_outbox()
    subjects = [message.subject for message in mail.outbox if message.to == [admin.email]]
    for status in (
        "Submitted",
        "Under review",
        "Information requested",
        "Resubmitted",
        "Recommended to the Council",
        "Granted by the Council",
    ):
        assert any(subject.endswith(status) for subject in subjects), (status, subjects)
